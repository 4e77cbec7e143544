import { useTranslation } from 'react-i18next'
import type { Member } from '../../../shared/models'
import { personClass } from '../format/person-color'
import { PersonAvatar } from './AuthorName'
import { IconButton } from './Icon'
import { presenceLabel, StatusDot } from './StatusDot'
import './MembersPane.css'

interface MembersPaneProps {
  members: Member[]
  selfId: string
  /** The person hosting: marked in the list, and the only one who sees remove buttons. */
  hostUserId: string | null
  onRemove(member: Member): void
  /** The person hosting: opens the list of people removed, to let them back in. */
  onShowRemoved?: () => void
  /** Opens a direct conversation with someone; absent where there is none to open. */
  onMessage?: (member: Member) => void
}

export function MembersPane({
  members,
  selfId,
  hostUserId,
  onRemove,
  onShowRemoved,
  onMessage
}: MembersPaneProps) {
  const { t } = useTranslation()
  const canRemove = hostUserId !== null && selfId === hostUserId
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
              className={m.online ? 'member-item online' : 'member-item'}
              data-testid="member"
              data-online={m.online}
              data-status={m.online ? m.status : 'offline'}
              data-nickname={m.nickname}
            >
              <PersonAvatar user={m} small>
                <StatusDot online={m.online} status={m.status} />
              </PersonAvatar>
              <span className="member-name">
                <span
                  className={m.online ? `person-name ${personClass(m.id)}` : undefined}
                  data-testid="member-name"
                  dir="auto"
                >
                  {m.nickname}
                </span>
                {m.id === selfId && <span className="muted"> ({t('chat.you')})</span>}
                {m.id === hostUserId && <span className="member-tag">{t('chat.host')}</span>}
              </span>
              <span className="visually-hidden" data-testid="member-presence">
                {presenceLabel(t, m.online, m.status)}
              </span>
              {onMessage && m.id !== selfId && (
                <IconButton
                  icon="message"
                  className="member-action"
                  label={t('chat.messagePerson', { name: m.nickname })}
                  testId="member-message-button"
                  onClick={() => onMessage(m)}
                />
              )}
              {canRemove && m.id !== selfId && (
                <IconButton
                  icon="removePerson"
                  className="member-action member-remove"
                  label={t('chat.remove', { name: m.nickname })}
                  testId="remove-member"
                  onClick={() => onRemove(m)}
                />
              )}
            </li>
          ))}
        </ul>
      </>
    )
  return (
    <aside className="members-pane" data-testid="members-pane" aria-label={t('chat.members')}>
      {group(t('chat.online'), online)}
      {group(t('chat.offline'), offline)}
      {canRemove && onShowRemoved && (
        <button
          type="button"
          className="link members-removed"
          data-testid="members-removed-people-button"
          onClick={onShowRemoved}
        >
          {t('chat.removedPeople')}
        </button>
      )}
    </aside>
  )
}
