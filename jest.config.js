// Jest projects: `unit` (libs and apps, no I/O), `e2e` (test/, real PostgreSQL and Redis, run in band),
// `e2e-pglite` (the repository tests again on embedded PGlite).
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
const moduleNameMapper = {
  '^@aup/(config|db|domain|policies|contracts|jobs|reports|documents|processors)$':
    '<rootDir>/libs/$1/src/index.ts',
};
// ESM-only packages in node_modules that Jest (on Node 20) must compile to CommonJS.
const esmPackages = ['content-disposition'];
const common = {
  rootDir: __dirname,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper,
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,apps/api,apps/worker,apps/cli,scripts}/**/*.spec.ts',
        '<rootDir>/apps/web/src/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-e2e.ts'],
      testTimeout: 60_000,
    },
    {
      ...common,
      displayName: 'e2e-pglite',
      testMatch: ['<rootDir>/test/db/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/use-pglite.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-e2e.ts'],
      testTimeout: 60_000,
    },
  ],
};
