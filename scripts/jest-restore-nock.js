/* global afterAll */
// Jest shares Node's `http` module between the test files one worker runs. nock (through
// @mswjs/interceptors) patches it when loaded, so a test file that used nock must restore it,
// or the next file's nock finds two interceptors and socket errors go astray. This runs after
// every test file and restores nock only when that file loaded it.
afterAll(() => {
  const loaded = Object.keys(require.cache).some((id) =>
    /[\\/]node_modules[\\/]nock[\\/]/.test(id),
  );
  if (!loaded) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nock = require('nock');
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
