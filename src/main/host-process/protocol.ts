import { z } from 'zod'
import { FINGERPRINT_PATTERN } from '../../shared/fingerprint'
import { LIMITS, RATE_LIMITS, type RateLimits } from '../../shared/limits'
import { hostInfoSchema } from '../../shared/models'

// What the app (the parent) and the host process (child.ts) say to each other, in one place,
// for both ways of starting it: Node's child_process.fork (process.send) and Electron's
// utilityProcess (process.parentPort). Each side validates what arrives with these schemas.
//
//   child → hello          (loaded, listening for messages)
//   parent → start {…}     (the options createHost takes, minus the functions)
//   child → ready {port, info} | failed {code, message}
//   child → log {line}     (any time: the host's log, for the parent's log)
//   parent → stop          → the host says host-stopping to its clients, stops, the child exits

const rateRuleSchema = z.object({
  count: z.number().int().positive(),
  windowMs: z.number().int().positive()
})

const rateLimitNames = Object.keys(RATE_LIMITS) as (keyof RateLimits)[]

/** What the host process is started with: createHost's options that can cross a process. */
export const hostProcessOptionsSchema = z.object({
  /** 0 picks any free port (tests, the benchmark). */
  port: z.number().int().min(0).max(65535),
  /** Try the next ports when `port` is taken, instead of failing with PORT_IN_USE. */
  portFallback: z.boolean(),
  /** Folder of the host's database. */
  dataDir: z.string().min(1),
  name: z.string(),
  version: z.string(),
  /** The identity key of the person hosting in the app (may remove people, answer knocks…). */
  ownerPublicKey: z.string().max(64).optional(),
  /** New people must give it; the host keeps only a salted hash. */
  password: z.string().min(1).max(LIMITS.passwordMax).optional(),
  /** "Ask me first": new people wait until the person hosting lets them in. */
  askFirst: z.boolean().optional(),
  /** Default: all interfaces. Tests bind 127.0.0.1. */
  bindAddress: z.string().optional(),
  presenceGraceMs: z.number().int().nonnegative().optional(),
  /** List the host on the LAN (mDNS); off by default. `mdns` moves it off real mDNS (tests). */
  announce: z
    .union([
      z.literal(false),
      z.object({
        mdns: z
          .object({
            interface: z.string().max(64).optional(),
            port: z.number().int().min(1).max(65535).optional()
          })
          .optional()
      })
    ])
    .optional(),
  /** Other limits than RATE_LIMITS (the benchmark lifts the ones one address crosses). */
  rateLimits: z.partialRecord(z.enum(rateLimitNames), rateRuleSchema).optional()
})
export type HostProcessOptions = z.infer<typeof hostProcessOptionsSchema>

export const toHostProcessSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: hostProcessOptionsSchema }),
  z.object({ type: z.literal('stop') })
])
export type ToHostProcess = z.infer<typeof toHostProcessSchema>

/** Why a host could not start: a taken port is the person's to fix, anything else is ours. */
export const HOST_START_FAILURES = ['PORT_IN_USE', 'INTERNAL'] as const
export type HostStartFailure = (typeof HOST_START_FAILURES)[number]

export const fromHostProcessSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello') }),
  z.object({
    type: z.literal('ready'),
    port: z.number().int().min(1).max(65535),
    info: hostInfoSchema,
    fingerprint: z.string().regex(FINGERPRINT_PATTERN)
  }),
  z.object({
    type: z.literal('failed'),
    code: z.enum(HOST_START_FAILURES),
    message: z.string().max(2_000)
  }),
  z.object({ type: z.literal('log'), line: z.string().max(10_000) })
])
export type FromHostProcess = z.infer<typeof fromHostProcessSchema>
