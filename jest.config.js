// ESM + ts-jest: tests import the TypeScript sources with NodeNext-style ".js" specifiers.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  // execa's signal-exit keeps an emitter on the global object; jest's between-file "soft delete" of
  // globals then recurses forever in the next test file (RangeError in jest-util). Keep globals.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testTimeout: 60000,
};
