import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Result } from '../../../shared/result'
import type { RemovedPerson } from '../../../shared/wire/protocol'
import { errorText } from '../format/error-text'
import { formatShortDate } from '../format/time'
import { Dialog } from './Dialog'
import './RemovedPeopleDialog.css'

interface RemovedPeopleDialogProps {
  language: string
  list(): Promise<Result<{ removed: RemovedPerson[] }>>
  readmit(userId: string): Promise<Result<unknown>>
  onClose(): void
}

/** The person hosting: who was removed (kept out across restarts), each with "Let back in". */
export function RemovedPeopleDialog(props: RemovedPeopleDialogProps) {
  const { t } = useTranslation()
  const { list } = props
  const nameIdPrefix = useId()
  const [removed, setRemoved] = useState<RemovedPerson[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)
  const [letBack, setLetBack] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    void list().then((r) => {
      if (!current) return
      if (r.ok) setRemoved(r.data.removed)
      else setError(errorText(t, r.error))
    })
    return () => {
      current = false
    }
  }, [list, t])

  const readmit = async (person: RemovedPerson): Promise<void> => {
    if (busyId) return
    setBusyId(person.user.id)
    setError(null)
    const r = await props.readmit(person.user.id)
    setBusyId(null)
    if (!r.ok) {
      setError(errorText(t, r.error))
      return
    }
    setRemoved((list) => list?.filter((p) => p.user.id !== person.user.id) ?? null)
    setLetBack(person.user.nickname)
  }

  return (
    <Dialog title={t('removed.title')} onClose={props.onClose} testId="removed-people-dialog">
      <p className="muted">{t('removed.intro')}</p>
      {removed === null && !error && <p className="muted">{t('removed.loading')}</p>}
      {removed?.length === 0 && (
        <p className="removed-empty" data-testid="removed-empty">
          {t('removed.empty')}
        </p>
      )}
      {removed && removed.length > 0 && (
        <ul className="removed-list">
          {removed.map((person, index) => (
            <li
              key={person.user.id}
              className="removed-person"
              data-testid="removed-person"
              data-user-id={person.user.id}
              data-nickname={person.user.nickname}
            >
              <span className="removed-person-name">
                <strong id={`${nameIdPrefix}-${index}`}>{person.user.nickname}</strong>
                <span className="muted small">
                  {t('removed.removedAt', {
                    date: formatShortDate(person.removedAt, props.language)
                  })}
                </span>
              </span>
              <button
                type="button"
                className="secondary"
                data-testid="readmit-button"
                aria-describedby={`${nameIdPrefix}-${index}`}
                disabled={busyId !== null}
                aria-busy={busyId === person.user.id}
                onClick={() => void readmit(person)}
              >
                {t('removed.readmit')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="removed-status" data-testid="readmit-status">
        {letBack && t('removed.readmitted', { name: letBack })}
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-testid="removed-people-close" onClick={props.onClose}>
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}
