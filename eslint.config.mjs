import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// The layers are enforced by folder, so a file is bound by the rules of where it sits, however
// deep: tests/unit/lint-layers.test.ts lints misplaced imports against this config to prove it.

/** Node's own modules, by exact name (`fs`, `fs/promises`…) and by the `node:` scheme. */
const nodeModules = (message) => ({
  paths: builtinModules.map((name) => ({ name, message })),
  pattern: { group: ['node:*'], message }
})

const electron = { group: ['electron', 'electron/*'] }

/** An import into a layer's folder from anywhere, at any depth of `../`. */
const intoLayers = (...layers) => layers.flatMap((layer) => [`**/${layer}`, `**/${layer}/**`])

const sharedNode = nodeModules('src/shared must stay free of Electron and Node APIs.')
const rendererNode = nodeModules('The renderer talks to main through the bridge only.')

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart']
    }
  },
  {
    // Electron is a thin shell: only src/main/electron (window, IPC, desktop, lifecycle) and the
    // preload touch it; everything else runs under plain Node, in tests and in the headless host.
    files: ['src/**/*.{ts,tsx,mts,cts}'],
    ignores: ['src/main/electron/**', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...electron, message: 'Only src/main/electron and src/preload import electron.' }
          ]
        }
      ]
    }
  },
  {
    // The shared contract is pure TypeScript: it runs in main, preload, renderer and tests alike.
    files: ['src/shared/**/*.{ts,tsx,mts,cts}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: sharedNode.paths,
          patterns: [
            { ...electron, message: 'src/shared must stay free of Electron and Node APIs.' },
            sharedNode.pattern,
            {
              group: ['react', 'react-dom', 'socket.io', 'socket.io-client', 'libsql'],
              message: 'src/shared holds contracts only.'
            },
            {
              group: intoLayers('main', 'renderer', 'preload', 'headless'),
              message: 'src/shared imports nothing from the layers built on it.'
            }
          ]
        }
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location'].map(
          (name) => ({ name, message: 'src/shared runs outside the browser too: no DOM globals.' })
        ),
        ...['process', 'Buffer', '__dirname', '__filename', 'require', 'global'].map((name) => ({
          name,
          message: 'src/shared runs in the renderer too: no Node globals.'
        }))
      ]
    }
  },
  {
    // The renderer is UI only: it talks to main through window.papo, never to the network or Node.
    files: ['src/renderer/**/*.{ts,tsx,mts,cts}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: rendererNode.paths,
          patterns: [
            {
              group: [...electron.group, 'socket.io', 'socket.io-client', 'libsql'],
              message: 'The renderer talks to main through the bridge only.'
            },
            rendererNode.pattern,
            {
              group: intoLayers('main', 'preload', 'headless'),
              message: 'The renderer imports only src/shared.'
            }
          ]
        }
      ]
    }
  }
)
