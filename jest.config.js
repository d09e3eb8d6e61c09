/**
 * Two projects: the API suite, and the browser suite (Debian's Chromium through playwright-core,
 * test/browser/). `npm test` runs both; `npm run test:browser` runs the browser suite alone.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Migrated (and content-imported) databases are built once per run and cloned per test file.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  maxWorkers: 2,
  // Each test file loads the app into a fresh module registry, and not all of it is ever freed
  // (in band, the heap grew past 850 MB by the 40th file and the garbage collector took a third
  // of the CPU). A worker whose heap passes this after a file is replaced by a fresh one. This
  // also keeps one-worker runs (CI's PostgreSQL suite) in a worker instead of in band.
  // newsroom+accounts+security on one worker, 2026-11-29: in band 138 s wall, 221 CPU-s; 400MB 99 s;
  // 250MB 97 s, 141 CPU-s; 150MB 107 s.
  workerIdleMemoryLimit: '250MB',
  projects: [
    { ...shared, displayName: 'api', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'] },
    { ...shared, displayName: 'browser', roots: ['<rootDir>/test/browser'], testMatch: ['**/*.test.ts'] },
  ],
};
