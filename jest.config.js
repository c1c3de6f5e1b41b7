// Jest runs in native ESM mode (inversify 8 is ESM-only); ts-jest compiles TypeScript with
// decorator metadata, and workspace packages resolve to their sources so tests need no build.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // Fault tests stop shared services (Redis) that parallel suites use: they run only in the
  // serial second pass of `npm test` (`npm run test:fault`, which sets ONEIRIC_FAULT_TESTS=1).
  testPathIgnorePatterns: process.env.ONEIRIC_FAULT_TESTS === '1' ? ['/node_modules/'] : ['/node_modules/', '\\.fault\\.int\\.spec\\.ts$'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  moduleNameMapper: {
    '^@oneiric/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    // Subpath entry points map to sources too: a dist copy would be a second module instance.
    '^@oneiric/([a-z-]+)/internal$': '<rootDir>/packages/$1/src/internal.ts',
    '^@oneiric/([a-z-]+)/client$': '<rootDir>/packages/$1/src/client/index.ts',
    '^@oneiric/([a-z-]+)/testing$': '<rootDir>/packages/$1/src/testkit/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  testTimeout: 30000,
};
