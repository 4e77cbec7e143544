// Builds the comparison's child processes into plain JavaScript before the run, so that every
// server (Papo's host above all) and the load generator run in `node` without tsx or any loader:
// Papo is measured as built code, and all of them are built the same way.
//
// esbuild (installed with vite) bundles each entry with the parts of src/ it imports; every npm
// package stays external (`packages: 'external'`: libsql's native binding, socket.io, zod, ws…)
// and is loaded from node_modules at run time, as electron-vite's own main build does. The
// output goes under node_modules/.cache/ so those packages resolve from it, and nothing lands
// where git, eslint or prettier look. (`npm run build`'s out/main bundles the Electron shell,
// which plain Node cannot start, so it is not used.)
import { build, stop } from 'esbuild'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ServerKind } from './common'

export const ROOT = join(__dirname, '..', '..')

export interface Bundles {
  dir: string
  server: Record<ServerKind, string>
  generator: string
  remove(): void
}

export async function buildBundles(): Promise<Bundles> {
  const dir = join(ROOT, 'node_modules', '.cache', 'papo-bench-compare', `build-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const here = join(ROOT, 'scripts', 'bench-compare')
  await build({
    entryPoints: {
      'server-papo': join(here, 'server-papo.ts'),
      'server-socketio': join(here, 'server-socketio.ts'),
      'server-ws': join(here, 'server-ws.ts'),
      generator: join(here, 'generator.ts')
    },
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: false,
    minify: false,
    logLevel: 'warning'
  })
  // esbuild's service process would otherwise idle beside the run.
  await stop()
  return {
    dir,
    server: {
      papo: join(dir, 'server-papo.cjs'),
      socketio: join(dir, 'server-socketio.cjs'),
      ws: join(dir, 'server-ws.cjs')
    },
    generator: join(dir, 'generator.cjs'),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}
