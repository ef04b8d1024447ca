import type { Config } from 'jest';

// Tests run against the TypeScript sources; `test/exports.test.ts` in each package checks the
// built dist through a plain `import` and a plain `require`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages/core/test', '<rootDir>/packages/io/test', '<rootDir>/packages/net/test', '<rootDir>/examples', '<rootDir>/bench'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@asio-ts/core$': '<rootDir>/packages/core/src/index.ts',
    '^@asio-ts/io$': '<rootDir>/packages/io/src/index.ts',
    '^@asio-ts/net$': '<rootDir>/packages/net/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
};

export default config;
