import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'net',
  'crypto',
  'child_process',
  'dgram',
  'events',
  'url',
  'util'
]

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
    // The shared contract is pure TypeScript: it runs in main, preload, renderer and tests alike.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', ...nodeBuiltins],
              message: 'src/shared must stay free of Electron and Node APIs.'
            },
            {
              group: ['react', 'react-dom', 'socket.io', 'socket.io-client', 'libsql'],
              message: 'src/shared holds contracts only.'
            },
            {
              group: ['../main/*', '../renderer/*', '../preload/*', '../headless/*'],
              message: 'src/shared imports nothing from the layers built on it.'
            }
          ]
        }
      ]
    }
  },
  {
    // The renderer is UI only: it talks to main through window.papo, never to the network or Node.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'socket.io', 'socket.io-client', 'libsql', ...nodeBuiltins],
              message: 'The renderer talks to main through the bridge only.'
            },
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer imports only src/shared.'
            }
          ]
        }
      ]
    }
  },
  {
    // Electron is a thin shell: only these files may touch it; the rest of main runs under plain Node.
    files: ['src/main/**/*.ts', 'src/headless/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/ipc.ts', 'src/main/window.ts', 'src/main/desktop.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'Only the shell files of src/main import electron.'
            }
          ]
        }
      ]
    }
  }
)
