import { join } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// The layer rules of eslint.config.mjs, proved on misplaced files: each fixture below is linted
// by the project's own config as if it sat at `path` (nothing is written to disk), and must be
// refused by the rule named, or pass without a single message.

const root = join(__dirname, '../..')

interface Fixture {
  what: string
  path: string
  code: string
  /** The rule that must refuse it; absent: it must lint clean. */
  refusedBy?: 'no-restricted-imports' | 'no-restricted-globals'
}

const fixtures: Fixture[] = [
  {
    what: 'src/shared/wire importing from main, two levels up',
    path: 'src/shared/wire/misplaced.ts',
    code: "import { createHost } from '../../main/host'\nexport const start = createHost\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'src/shared importing from the renderer, three levels up',
    path: 'src/shared/wire/deeper/misplaced.ts',
    code: "import { App } from '../../../renderer/src/App'\nexport const app = App\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'src/shared importing a layer folder itself',
    path: 'src/shared/misplaced.ts',
    code: "import * as main from '../main'\nexport const all = main\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: "src/shared importing 'node:fs'",
    path: 'src/shared/misplaced.ts',
    code: "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: "src/shared importing 'fs/promises' (a Node builtin without the scheme)",
    path: 'src/shared/wire/misplaced.ts',
    code: "import { readFile } from 'fs/promises'\nexport const read = readFile\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'src/shared using window',
    path: 'src/shared/misplaced.ts',
    code: 'export const width = (): number => window.innerWidth\n',
    refusedBy: 'no-restricted-globals'
  },
  {
    what: 'src/shared/wire using localStorage',
    path: 'src/shared/wire/misplaced.ts',
    code: "export const saved = (): string | null => localStorage.getItem('x')\n",
    refusedBy: 'no-restricted-globals'
  },
  {
    what: 'src/shared using process',
    path: 'src/shared/misplaced.ts',
    code: "export const home = (): string | undefined => process.env['HOME']\n",
    refusedBy: 'no-restricted-globals'
  },
  {
    what: 'src/main/session importing electron',
    path: 'src/main/session/misplaced.ts',
    code: "import { app } from 'electron'\nexport const quit = (): void => app.quit()\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'a deeper plain-Node folder of main importing electron/main',
    path: 'src/main/host/deeper/misplaced.ts',
    code: "import { app } from 'electron/main'\nexport const quit = (): void => app.quit()\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'the headless host importing electron',
    path: 'src/headless/misplaced.ts',
    code: "import { app } from 'electron'\nexport const quit = (): void => app.quit()\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'src/renderer importing from main',
    path: 'src/renderer/src/misplaced.ts',
    code: "import { createSession } from '../../main/session'\nexport const open = createSession\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'src/renderer importing electron',
    path: 'src/renderer/src/components/misplaced.ts',
    code: "import { ipcRenderer } from 'electron'\nexport const ipc = ipcRenderer\n",
    refusedBy: 'no-restricted-imports'
  },
  {
    what: 'src/main/electron importing electron',
    path: 'src/main/electron/allowed.ts',
    code: "import { app } from 'electron'\nexport const quit = (): void => app.quit()\n"
  },
  {
    what: 'src/preload importing electron',
    path: 'src/preload/allowed.ts',
    code: "import { contextBridge } from 'electron'\nexport const bridge = contextBridge\n"
  },
  {
    what: 'src/shared/wire importing zod and a sibling contract',
    path: 'src/shared/wire/allowed.ts',
    code: "import { z } from 'zod'\nimport { idSchema } from '../models'\nexport const ids = z.array(idSchema)\n"
  },
  {
    what: 'src/renderer importing src/shared and using the DOM',
    path: 'src/renderer/src/allowed.ts',
    code: "import type { SessionInfo } from '../../shared/bridge'\nexport const title = (s: SessionInfo): void => {\n  document.title = s.host.name\n}\n"
  }
]

describe('layers are enforced by folder (eslint.config.mjs)', () => {
  let eslint: ESLint
  beforeAll(() => {
    eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.mjs') })
  })

  for (const fixture of fixtures) {
    const verdict = fixture.refusedBy ? `refused by ${fixture.refusedBy}` : 'allowed'
    it(`${fixture.what}: ${verdict}`, async () => {
      const [result] = await eslint.lintText(fixture.code, { filePath: join(root, fixture.path) })
      const messages = (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`)
      if (fixture.refusedBy) {
        expect(result?.errorCount, messages.join('\n')).toBeGreaterThan(0)
        expect(messages.every((m) => m.startsWith(`${fixture.refusedBy}:`))).toBe(true)
      } else {
        expect(messages).toEqual([])
      }
    })
  }
})
