import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'apps/web/dist/**',
      'test/artifacts/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a promise nobody awaits loses its error.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['apps/web/src/*/*.spec.ts', 'apps/web/src/*/*/*.spec.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // No `any` flows on untyped in the server code: a query's rows, a parse's result, a decorator's value
    // get a type (a query's type parameter, `unknown` and narrowing, or a parse) where they enter.
    files: ['apps/{api,worker,cli}/src/**/*.ts', 'libs/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
    },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        module: 'writable',
        require: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|test)$/]",
          message: 'No focused tests.',
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'ioredis',
                'bullmq',
                'nestjs-zod',
                'fastify',
                '@aup/db',
                '@aup/config',
                '@aup/jobs',
              ],
              message: 'libs/domain and libs/contracts import no framework.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every path parameter is read through @PathParam, with a zod schema (apps/api/src/common/path-param.ts).
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/common/path-param.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['Param'],
              message: "Read a path parameter with @PathParam('name', schema) from common/path-param.",
            },
          ],
        },
      ],
    },
  },
  {
    // The web bundle: types only from the shared libs (nothing server-side reaches the browser), and the
    // charting library only on the results page so the first page stays small.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/audit/results/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'recharts',
              message: 'recharts is loaded only by the results page (apps/web/src/audit/results).',
            },
          ],
          patterns: [
            {
              group: ['@aup/*', '!@aup/contracts', '!@aup/domain'],
              message: 'The web app imports only @aup/contracts and @aup/domain.',
            },
            {
              group: ['@aup/contracts', '@aup/domain'],
              allowTypeImports: true,
              message: 'Import only types from the shared libs (import type).',
            },
          ],
        },
      ],
    },
  },
);
