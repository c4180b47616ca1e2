/**
 * Import boundaries (run by `npm run lint`): apps -> libs -> libs/domain.
 * libs/domain and libs/contracts are framework-free; libs never import apps; apps do not import each other.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      comment: 'libs/domain is pure TypeScript: scoring is tested with plain inputs, no Nest/TypeORM/Redis.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: '(^|/)node_modules/(@nestjs|typeorm|pg|@electric-sql|ioredis|bullmq|class-validator|class-transformer|fastify|@fastify|pino|nestjs-pino|rxjs)/',
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
        'Shared code goes into a lib. The one exception: the embedded single-process mode starts the worker module inside the api.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: ['^apps/$1/', '^apps/worker/src/worker\\.module\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
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
