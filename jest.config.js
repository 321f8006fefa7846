/** Two projects: `unit` (pure code, no I/O) and `e2e` (real Kafka and Postgres, see test/run.sh). */
const moduleNameMapper = {
  '^@app/(links|tl|events|projection|platform)$': '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  '/node_modules/(@nestjs/|@fastify/middie/node_modules/path-to-regexp/).+\\.js$': '<rootDir>/test/support/esm-package-transform.js',
  '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/test/support/dynamic-import-transform.js',
};
// Packages that ship only ES modules, transpiled for jest's CommonJS sandbox (see the transform).
// (Fastify's middleware plugin has a path-to-regexp of its own that is one: its path has node_modules twice.)
const transformIgnorePatterns = [
  '/node_modules/(?!@nestjs/|@electric-sql/pglite/|@fastify/middie/node_modules/path-to-regexp/|path-to-regexp/)',
];

module.exports = {
  // End-to-end tests wait on conditions with their own deadlines; this is only the outer bound.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.ts',
        '<rootDir>/test/deploy/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
  ],
};
