import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { devCspForReactRefresh } from './scripts/vite-dev-csp'

export default defineConfig({
  main: {
    build: {
      // The Electron shell's lifecycle is the entry; it still builds to out/main/index.js, the
      // "main" of package.json. The host process (a utilityProcess the shell forks when the
      // person hosts) is the second: out/main/host-process.js.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          'host-process': resolve(__dirname, 'src/main/host-process/child.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages, so everything it uses is bundled in.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: {
      alias: {
        // The Markdown parser's entity decoder: its browser build decodes through innerHTML on a
        // detached element; the plain build uses a table, and the renderer never needs the DOM's.
        'decode-named-character-reference': resolve(
          __dirname,
          'node_modules/decode-named-character-reference/index.js'
        )
      }
    },
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    },
    plugins: [devCspForReactRefresh(), react()]
  }
})
