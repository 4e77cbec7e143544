import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node'
        }
      },
      {
        plugins: [react()],
        test: {
          name: 'component',
          include: ['tests/component/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/component/setup.ts']
        }
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 20_000
        }
      },
      // Figures for `npm run bench`, never part of `npm test`: only with PAPO_BENCH=1.
      ...(process.env['PAPO_BENCH'] === '1'
        ? [
            {
              test: {
                name: 'bench',
                include: ['tests/bench/**/*.test.ts'],
                environment: 'node',
                testTimeout: 240_000,
                hookTimeout: 60_000
              }
            }
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          // A UI change on a shared two-core CI machine can take longer than expect.poll's 1 s
          // default while other test files run beside it; a poll still ends as soon as it passes.
          expect: { poll: { timeout: 10_000 } },
          // One browser at a time: CI has two cores.
          fileParallelism: false
        }
      }
    ]
  }
})
