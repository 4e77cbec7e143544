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

/**
 * Bundles `entryPoints` (name → TypeScript file) for plain node into a fresh folder under
 * node_modules/.cache/<cacheName>/, one `<name>.cjs` each; `remove()` deletes the folder.
 */
export async function bundleForNode<N extends string>(
  cacheName: string,
  entryPoints: Record<N, string>
): Promise<{ dir: string; file: Record<N, string>; remove(): void }> {
  const dir = join(ROOT, 'node_modules', '.cache', cacheName, `build-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  await build({
    entryPoints,
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
  const file = Object.fromEntries(
    Object.keys(entryPoints).map((name) => [name, join(dir, `${name}.cjs`)])
  ) as Record<N, string>
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export async function buildBundles(): Promise<Bundles> {
  const here = join(ROOT, 'scripts', 'bench-compare')
  const built = await bundleForNode('papo-bench-compare', {
    'server-papo': join(here, 'server-papo.ts'),
    'server-socketio': join(here, 'server-socketio.ts'),
    'server-ws': join(here, 'server-ws.ts'),
    generator: join(here, 'generator.ts')
  })
  return {
    dir: built.dir,
    server: {
      papo: built.file['server-papo'],
      socketio: built.file['server-socketio'],
      'socketio-tls': built.file['server-socketio'],
      ws: built.file['server-ws']
    },
    generator: built.file.generator,
    remove: built.remove
  }
}
