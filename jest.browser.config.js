// The browser tests (test/browser/*.browser-spec.ts): headless Chromium against a real server.
// Run by `npm run test:browser`, not by `npm test` (whose testRegex matches only .spec.ts and
// .e2e-spec.ts), so that `npm test` passes on a machine without Chromium.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
  transform: { '^.+\\.ts$': 'ts-jest' },
};
