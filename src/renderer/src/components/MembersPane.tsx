import { useTranslation } from 'react-i18next'
import type { Member } from '../../../shared/models'

export function MembersPane({ members, selfId }: { members: Member[]; selfId: string }) {
  const { t } = useTranslation()
  const online = members.filter((m) => m.online)
  const offline = members.filter((m) => !m.online)
  const group = (title: string, list: Member[]) =>
    list.length > 0 && (
      <>
        <h3>
          {title} — {list.length}
        </h3>
        <ul>
          {list.map((m) => (
            <li
              key={m.id}
              className={m.online ? 'member online' : 'member'}
              data-testid="member"
              data-online={m.online}
              data-nickname={m.nickname}
            >
              <span className="avatar small" aria-hidden="true">
                {m.nickname.slice(0, 1).toUpperCase()}
                <span className="presence-dot" />
              </span>
              <span className="member-name">
                {m.nickname}
                {m.id === selfId && <span className="muted"> ({t('chat.you')})</span>}
              </span>
              <span className="visually-hidden">
                {m.online ? t('chat.online') : t('chat.offline')}
              </span>
            </li>
          ))}
        </ul>
      </>
    )
  return (
    <aside className="members-pane" data-testid="members-pane" aria-label={t('chat.members')}>
      {group(t('chat.online'), online)}
      {group(t('chat.offline'), offline)}
    </aside>
  )
}
