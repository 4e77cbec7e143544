import { z } from 'zod'
import { epochMsSchema, idSchema } from './models'

/**
 * The host's activity log: who came and went, from which address, and what the host refused.
 * The headless host prints it, every host writes it to a rotating file in its data folder, and
 * the person hosting in the app reads it in the Activity panel (host:activity, activity:new).
 */
export const ACTIVITY_KINDS = [
  'connected',
  'disconnected',
  'room-created',
  'room-joined',
  'room-left',
  'room-new-code',
  'removed',
  'readmitted',
  'refused',
  'rate-limited',
  'knocked',
  'admitted',
  'turned-away'
] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

export const activityEntrySchema = z.object({
  /** 1, 2, 3… per host run, so the panel can page and merge. */
  id: z.number().int().positive(),
  at: epochMsSchema,
  kind: z.enum(ACTIVITY_KINDS),
  /** The identity concerned, when there is one (a refused stranger may have none yet). */
  userId: idSchema.nullable(),
  nickname: z.string().max(256).nullable(),
  /** The network address it came from. */
  address: z.string().max(64),
  /** What else is worth saying: a room's name, why a handshake was refused, which limit. */
  detail: z.string().max(500)
})
export type ActivityEntry = z.infer<typeof activityEntrySchema>
