// Jest projects: `unit` (libs and apps, no I/O), `e2e` (test/, real PostgreSQL and Redis, run in band; each file in its own database and queue prefix),
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
    // Source maps handed to Jest as objects, not inline in the code: the unit run with coverage took 73 s, now 60 s.
    sourceMaps: true,
  },
];
const moduleNameMapper = {
  // A lazy `import('./x.js')` (ECMAScript resolution needs the extension) finds the TypeScript source.
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@aup/(config|db|domain|policies|contracts|jobs|reports|documents|processors|policy-model)$':
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

/**
 * Coverage counts every server-side source file, run or not (collectCoverageFrom), with V8's own counters.
 * Jest applies one threshold set per run, and `npm test` runs the unit project and the e2e projects
 * separately, so the thresholds follow the projects selected: the unit run is held to its figures over the
 * pure libs and the CLI, the e2e run to its figures over the api, repositories, jobs and processors (they
 * are exercised through HTTP, PostgreSQL and real queues, not unit tests). Figures are measurements of
 * 2026-12-04 rounded down (unit) and of 2026-12-05 less about three points (e2e, full CI run: api 97.9 %
 * lines, 90.2 % branches, 98.6 % functions); raise them as coverage grows (docs/ARCHITECTURE.md).
 */
const COVERED = [
  'apps/{api,worker,cli}/src/**/*.ts',
  'libs/*/src/**/*.ts',
  '!**/*.spec.ts',
  '!**/*.e2e-spec.ts',
  '!**/*.d.ts',
];
const THRESHOLDS = {
  // The pure code: scoring and rules, content checks, rendering, configuration, the offline CLI.
  unit: {
    './libs/domain/': { lines: 95, branches: 86, functions: 90 },
    './libs/policies/': { lines: 79, branches: 78, functions: 87 },
    './libs/reports/': { lines: 95, branches: 70, functions: 92 },
    './libs/config/': { lines: 95, branches: 85, functions: 85 },
    './apps/cli/': { lines: 85, branches: 70, functions: 76 },
  },
  // The code that needs PostgreSQL, Redis or HTTP: the api, the worker, repositories, jobs, processors.
  e2e: {
    './apps/api/': { lines: 95, branches: 87, functions: 95 },
    './libs/db/': { lines: 96, branches: 87, functions: 96 },
    './libs/jobs/': { lines: 93, branches: 79, functions: 89 },
    './libs/processors/': { lines: 94, branches: 85, functions: 96 },
    // Measured 99.6 / 96.9 / 100 in the CI run of 2026-12-05 that added it.
    './libs/policy-model/': { lines: 96, branches: 93, functions: 96 },
  },
};

/** The projects named after --selectProjects (all when none is named). */
function selectedProjects(argv) {
  const at = argv.findIndex((a) => a === '--selectProjects' || a.startsWith('--selectProjects='));
  if (at < 0) return ['unit', 'e2e', 'e2e-pglite'];
  if (argv[at].includes('=')) return argv[at].split('=')[1].split(',');
  const names = [];
  for (const a of argv.slice(at + 1)) {
    if (a.startsWith('-')) break;
    names.push(a);
  }
  return names;
}

function coverageFor(projects) {
  return {
    coverageProvider: 'v8',
    coverageReporters: ['text-summary', 'json-summary', 'lcov'],
    collectCoverageFrom: COVERED,
    coverageThreshold: {
      ...(projects.includes('unit') ? THRESHOLDS.unit : {}),
      ...(projects.some((p) => p.startsWith('e2e')) ? THRESHOLDS.e2e : {}),
    },
  };
}

module.exports = {
  ...coverageFor(selectedProjects(process.argv)),
  // The longest files first (a table of their durations; Jest's cache where it has one).
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,apps/api,apps/worker,apps/cli,scripts}/**/*.spec.ts',
        '<rootDir>/apps/web/src/**/*.spec.ts',
      ],
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-unit.ts'],
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
