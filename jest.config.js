// Jest runs TypeScript through SWC (decorator metadata included); type checking is `npm run typecheck`.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // @fastify/static pulls in content-disposition 3, which ships as ESM only.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@scout/config/loader$': '<rootDir>/libs/config/src/loader',
    '^@scout/observability/instrumentation$': '<rootDir>/libs/observability/src/instrumentation',
    '^@scout/(.*)$': '<rootDir>/libs/$1/src',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

const withServices = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs}/**/*.spec.ts',
        '<rootDir>/test/{architecture,deploy}/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      ...withServices,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
    },
    {
      ...shared,
      ...withServices,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
    },
  ],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  coverageProvider: 'v8',
  // `npm test` measures coverage on the integration and e2e run only: V8 coverage costs the
  // unit project about six times its run time (CPU-bound property tests), so it runs without.
  // The threshold is what the services-backed suites alone reach, less a point of headroom.
  // Those suites run on two workers (`--maxWorkers=2`): every file has its own database and
  // queue prefix, and most of their time is spent waiting on the servers. The harness waits
  // for a dependency gate that a loaded start-up closed to reopen, as production would.
  // The client's schema is generated from openapi.json (types only, checked by its own spec).
  collectCoverageFrom: [
    '{apps,libs}/*/src/**/*.ts',
    '!**/index.ts',
    '!**/*.spec.ts',
    '!libs/client/src/schema.ts',
  ],
  coverageReporters: ['text-summary', 'lcov', 'html'],
  coverageDirectory: 'coverage',
  coverageThreshold: { global: { lines: 85 } },
};
