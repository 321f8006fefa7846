// ESLint (typescript-eslint) for the whole tree, with one architectural rule: the domain core
// (libs/links), the event contracts (libs/events) and the projection (libs/projection) import no
// framework and do no I/O, so that everything there stays a pure function of its arguments.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FRAMEWORK_AND_IO = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'kafkajs',
  '@platformatic/*',
  '@electric-sql/*',
  'prom-client',
  'express',
  '@app/platform',
];
const IO_MODULES = ['fs', 'net', 'http', 'https', 'child_process', 'dgram', 'tls'].flatMap((m) => [
  m,
  `node:${m}`,
  `${m}/*`,
  `node:${m}/*`,
]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.data/**', 'bench/results/**', '.build-*/**', '.dist-old-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Plain Node scripts (CommonJS).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests, the bench and the demo read free-form JSON answers and manifests.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'tools/demo/**/*.ts', '**/*.spec.ts', 'libs/tl/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['libs/links/**/*.ts', 'libs/events/**/*.ts', 'libs/projection/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...FRAMEWORK_AND_IO, ...IO_MODULES],
              message: 'the domain core, the event contracts and the projection stay free of frameworks and I/O',
            },
          ],
        },
      ],
    },
  },
);
