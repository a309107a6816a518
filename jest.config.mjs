// Jest runs in native ESM mode (node --experimental-vm-modules); SWC transforms TypeScript.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};
export default {
  // Booting an app and creating a migrated database takes seconds on a loaded 2-core CI
  // machine; the 5 s default fails hooks there. A limit only, never an assertion. (Jest
  // reads this only at the top level, not per project.)
  testTimeout: 60_000,
  // The suites run one at a time (one worker on this 2-core machine), but in a worker process
  // that is replaced whenever it holds more than this after a suite: run in the main process,
  // every suite's modules and app instances pile up in one heap and the garbage collector
  // slows the whole run down more and more.
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
