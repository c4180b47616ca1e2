/**
 * Import boundaries (run by `npm run lint`): apps -> libs -> libs/domain.
 * libs/domain and libs/contracts are framework-free; libs never import apps; apps do not import each other;
 * no import cycle between files or between folders.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      comment: 'libs/domain is pure TypeScript: scoring is tested with plain inputs, no Nest/TypeORM/Redis.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: '(^|/)node_modules/(@nestjs|typeorm|pg|@electric-sql|ioredis|bullmq|nestjs-zod|fastify|@fastify|pino|nestjs-pino|rxjs)/',
      },
    },
    {
      name: 'domain-imports-only-domain',
      comment: 'libs/domain imports no other lib and no app.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|libs/(?!domain/))' },
    },
    {
      name: 'contracts-are-types-only',
      comment: 'libs/contracts is shared with the web bundle: no framework, no validators.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: {
        path: ['(^|/)node_modules/', '^apps/', '^libs/(?!contracts/|domain/)'],
        pathNot: '(^|/)node_modules/@types/',
      },
    },
    {
      name: 'reports-render-only',
      comment:
        'libs/reports renders report content (libs/domain) to files; api and worker both use it, so it holds no framework, database or queue code.',
      severity: 'error',
      from: { path: '^libs/reports/' },
      to: {
        path: [
          '^apps/',
          '^libs/(?!reports/|domain/)',
          '(^|/)node_modules/(@nestjs|typeorm|pg|@electric-sql|ioredis|bullmq|fastify|@fastify)/',
        ],
      },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      comment:
        'Shared code goes into a lib: embedded mode runs the job processors of libs/processors, which the worker app runs too.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'No file imports itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment:
        'No folder (feature module) imports itself through others: a piece two features share moves down to the lower one, to common/ or to a lib.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|/dist/|apps/web/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};
