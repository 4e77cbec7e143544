import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TFunction } from 'i18next'
import type { FileLimits, Transfer } from '../../../shared/files'
import type { ReplyQuote } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import type { ComposerFiles, TrayFile, TrayProblem } from '../components/FileTray'
import { problemOf } from '../files/source'

type SendFile = (
  roomId: string,
  file: File,
  name: string,
  extra: { caption?: string; replyTo?: string }
) => Promise<Result<Transfer>>

/** What a problem says, without its id (made here). */
type Problem = TrayProblem extends infer P ? (P extends TrayProblem ? Omit<P, 'id'> : never) : never

/**
 * The files chosen to send, per room like the drafts (picked, dropped or pasted), checked against
 * the host's limits as they come, so a file the host would refuse is refused before anything is
 * read or sent. Sending empties the room's tray; what fails on the way is said in it.
 */
export function useFileTray(
  roomId: string,
  options: {
    limits: FileLimits | null
    sendFile: SendFile
    replyTo(roomId: string): ReplyQuote | null
    cancelReply(roomId: string): void
    t: TFunction
  }
): ComposerFiles {
  const [trays, setTrays] = useState<Record<string, TrayFile[]>>({})
  const [problems, setProblems] = useState<Record<string, TrayProblem[]>>({})
  const nextId = useRef(0)
  const latest = useRef(options)
  useLayoutEffect(() => {
    latest.current = options
  })

  const tray = trays[roomId]
  const roomProblems = problems[roomId]
  const maxFileBytes = options.limits?.maxFileBytes ?? null

  return useMemo<ComposerFiles>(() => {
    const id = (): string => `f${++nextId.current}`
    const addProblems = (room: string, added: Problem[]): void => {
      if (added.length === 0) return
      setProblems((p) => ({
        ...p,
        [room]: [...(p[room] ?? []), ...added.map((a) => ({ ...a, id: id() }) as TrayProblem)]
      }))
    }
    /** A file past a limit as a problem to tell, or null when it may go. */
    const refused = (file: File, name: string): Problem | null => {
      const problem = problemOf(file, maxFileBytes)
      return problem && { ...problem, name, size: file.size }
    }
    const sendOne = async (
      room: string,
      file: File,
      name: string,
      extra: { caption?: string; replyTo?: string }
    ): Promise<boolean> => {
      const r = await latest.current.sendFile(room, file, name, extra)
      if (!r.ok) addProblems(room, [{ kind: 'failed', name, error: r.error }])
      return r.ok
    }
    return {
      tray: tray ?? [],
      problems: roomProblems ?? [],
      maxFileBytes,
      add(files) {
        const accepted: TrayFile[] = []
        const refusals: Problem[] = []
        for (const file of files) {
          const name = file.name || 'file'
          const problem = refused(file, name)
          if (problem) refusals.push(problem)
          else accepted.push({ id: id(), file, name })
        }
        // A new choice starts a new story: earlier refusals are old news.
        setProblems((p) => ({ ...p, [roomId]: [] }))
        addProblems(roomId, refusals)
        if (accepted.length > 0)
          setTrays((all) => ({ ...all, [roomId]: [...(all[roomId] ?? []), ...accepted] }))
      },
      remove(fileId) {
        setTrays((all) => ({
          ...all,
          [roomId]: (all[roomId] ?? []).filter((f) => f.id !== fileId)
        }))
      },
      dismissProblems: () => setProblems((p) => ({ ...p, [roomId]: [] })),
      send(caption) {
        const items = tray ?? []
        if (items.length === 0) return
        const reply = latest.current.replyTo(roomId)
        latest.current.cancelReply(roomId)
        setTrays((all) => ({ ...all, [roomId]: [] }))
        setProblems((p) => ({ ...p, [roomId]: [] }))
        // One after the other, so they are queued (and posted, as a rule) in the order shown. The
        // caption goes with the last file, under the files it speaks of; the reply with the first.
        void (async () => {
          for (const [i, item] of items.entries()) {
            const last = i === items.length - 1
            await sendOne(roomId, item.file, item.name, {
              ...(last && caption !== '' ? { caption } : {}),
              ...(i === 0 && reply ? { replyTo: reply.id } : {})
            })
          }
        })()
      },
      async sendText(text) {
        const name = latest.current.t('files.pastedText')
        const file = new File([text], name, { type: 'text/plain' })
        const problem = refused(file, name)
        if (problem) {
          addProblems(roomId, [problem])
          return false
        }
        const reply = latest.current.replyTo(roomId)
        const sent = await sendOne(roomId, file, name, reply ? { replyTo: reply.id } : {})
        if (sent && reply) latest.current.cancelReply(roomId)
        return sent
      }
    }
  }, [roomId, tray, roomProblems, maxFileBytes])
}
