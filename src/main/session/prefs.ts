import { join } from 'node:path'
import { z } from 'zod'
import { prefsSchema, type Prefs } from '../../shared/bridge'
import { readJsonFile, writeJsonFile } from '../storage/json-file'

export const DEFAULT_PREFS: Prefs = {
  language: null,
  lastNickname: '',
  lastAddress: '',
  membersPaneHidden: false,
  // Older prefs files lack these: validFields keeps what they have and the defaults fill the rest.
  launchAtLogin: false,
  theme: 'system',
  notificationSound: true,
  mutedRooms: {},
  spellcheckLanguages: null,
  emojiTone: 0
}

/** The person's preferences, in `prefs.json` of the data folder; the bridge handlers own it. */
export interface PrefsStore {
  get(): Prefs
  update(patch: Partial<Prefs>): Prefs
}

export function createPrefsStore(dataDir: string): PrefsStore {
  const file = join(dataDir, 'prefs.json')
  let prefs: Prefs = {
    ...DEFAULT_PREFS,
    ...validFields(readJsonFile(file, z.record(z.string(), z.unknown())))
  }
  return {
    get: () => prefs,
    update(patch) {
      prefs = { ...prefs, ...patch }
      writeJsonFile(file, prefs)
      return prefs
    }
  }
}

/** Field by field, so one bad value from an older version does not throw away the rest. */
function validFields(raw: Record<string, unknown> | null): Partial<Prefs> {
  const result: Record<string, unknown> = {}
  if (!raw) return result
  for (const [key, schema] of Object.entries(prefsSchema.shape)) {
    const parsed = (schema as z.ZodType).safeParse(raw[key])
    if (key in raw && parsed.success) result[key] = parsed.data
  }
  return result as Partial<Prefs>
}
