import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `@/x` is the repository root, as in tsconfig.json and WXT's bundler (the adapters import with it).
const root = fileURLToPath(new URL('./', import.meta.url));
const alias = [{ find: /^@\//, replacement: root }];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: the machine has two cores and the tests share managed-policy files.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
