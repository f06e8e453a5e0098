import { loadConfig } from '../../src/config/app-config';
import { problemsOf } from './config-problems';
import { TEST_LOG_SIGNING_KEY } from '../support/log-key';

describe('configuration from the environment', () => {
  it('needs nothing: the defaults serve on port 3000 from ./data on the embedded store', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', LOG_LEVEL: 'info' });
    expect(config.EVENTSTORE_CONNECTION_STRING).toBeUndefined();
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/factcheck',
      EVENTSTORE_CONNECTION_STRING: 'esdb+discover://node1:2113,node2:2113?tls=true',
      AUTH_JWT_SECRET: 's'.repeat(32),
      ID_SECRET: 'i'.repeat(32),
      LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY,
      LOG_ORIGIN: 'desk.example.org/log',
      LOG_CHECKPOINT_INTERVAL_MS: '500',
      AUTH_JWKS_URL: 'https://id.example.org/.well-known/jwks.json',
      AUTH_JWT_ISSUER: 'https://id.example.org',
      AUTH_JWT_AUDIENCE: 'factcheck-desk',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({ PORT: 8080, DATA_DIR: '/var/lib/factcheck', LOG_LEVEL: 'warn', AUTH_JWT_AUDIENCE: 'factcheck-desk', LOG_CHECKPOINT_INTERVAL_MS: 500 });
    expect(config.logOrigin).toBe('desk.example.org/log');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, test, production'],
    [{ EVENTSTORE_CONNECTION_STRING: 'localhost:2113' }, 'EVENTSTORE_CONNECTION_STRING must look like'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET must be at least 32 characters'],
    [{ AUTH_JWKS_URL: 'ftp://id.example.org/keys' }, 'AUTH_JWKS_URL must be an http(s) URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ NODE_ENV: 'production', ID_SECRET: 'i'.repeat(32), LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY }, 'NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY }, 'NODE_ENV=production needs ID_SECRET'],
    [{ ID_SECRET: 'short' }, 'ID_SECRET must be at least 32 characters'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), ID_SECRET: 'i'.repeat(32) }, 'NODE_ENV=production needs LOG_SIGNING_KEY'],
    [{ LOG_SIGNING_KEY: 'PRIVATE+KEY+x' }, 'LOG_SIGNING_KEY must be an Ed25519 signer key'],
    [{ LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY.replace('+c1825b22+', '+c1825b23+') }, 'LOG_SIGNING_KEY must be an Ed25519 signer key PRIVATE+KEY+<name>+<8 hex digits>+<base64>: its key id c1825b23 does not match its key'],
    [{ LOG_ORIGIN: 'two words' }, 'LOG_ORIGIN must be one line'],
    [{ LOG_CHECKPOINT_INTERVAL_MS: '5' }, 'LOG_CHECKPOINT_INTERVAL_MS must be between 10 and 3600000'],
    [{ CLAIM_MAX_CITATIONS: '0' }, 'CLAIM_MAX_CITATIONS must be between 1 and 5000'],
    [{ CLAIM_MAX_APPEARANCES: '51' }, 'CLAIM_MAX_APPEARANCES must be between 1 and 50'],
    [{ CLAIM_MAX_ASSIGNEES: 'many' }, 'CLAIM_MAX_ASSIGNEES must'],
    [{ CLAIM_MAX_EVENTS: '5' }, 'CLAIM_MAX_EVENTS must be between 20 and 100000'],
    [{ CASE_IMPORT_MAX_BYTES: '100' }, 'CASE_IMPORT_MAX_BYTES must be between 1024 and 1073741824 (1 GiB)'],
    [{ CASE_IMPORT_MAX_BYTES: '32MiB' }, 'CASE_IMPORT_MAX_BYTES must be a whole number of bytes'],
    [{ CLAIM_STATE_CACHE_MB: '-1' }, 'CLAIM_STATE_CACHE_MB must be between 0 and 4096'],
    [{ AUTH_MAX_TOKEN_LIFETIME: 'forever' }, 'AUTH_MAX_TOKEN_LIFETIME must be a duration such as 30m, 24h or 7d'],
    [{ AUTH_MAX_TOKEN_LIFETIME: '3650d' }, 'AUTH_MAX_TOKEN_LIFETIME must be a duration such as 30m, 24h or 7d (at least 1m, at most 366d)'],
    [{ AUTH_MAX_TOKEN_LIFETIME: '10s' }, 'AUTH_MAX_TOKEN_LIFETIME must be a duration'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(problemsOf(env as Record<string, string>)).toEqual([expect.stringContaining(message)]);
  });

  it.each(['0x2', '1e1', '2.0', '+2', ' 2', '2 ', '０２', '0b10', 'Infinity'])(
    'takes only plain decimal whole numbers: %j is refused for PUBLISH_MIN_SOURCES and PUBLISH_MIN_REVIEWERS, naming the setting',
    (text) => {
      expect(problemsOf({ PUBLISH_MIN_SOURCES: text })).toEqual([expect.stringContaining('PUBLISH_MIN_SOURCES must be a whole number')]);
      expect(problemsOf({ PUBLISH_MIN_REVIEWERS: text })).toEqual([expect.stringContaining('PUBLISH_MIN_REVIEWERS must be a whole number')]);
    },
  );

  it('refuses a hexadecimal or exponent form for every whole-number setting', () => {
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    const integers = Object.keys(defaults).filter((key) => /^[A-Z_]+$/.test(key) && Number.isInteger(defaults[key]));
    expect(integers).toEqual(expect.arrayContaining(['PORT', 'PUBLISH_MIN_SOURCES', 'PUBLISH_MIN_REVIEWERS', 'CLAIM_MAX_EVENTS', 'READ_MODEL_WAIT_MS']));
    for (const key of integers) {
      for (const text of ['0x10', '1e2']) expect(problemsOf({ [key]: text })).toEqual([expect.stringContaining(`${key} must be a whole number`)]);
    }
  });

  it('still reads plain decimal numbers, leading zeros included', () => {
    expect(loadConfig({ PUBLISH_MIN_SOURCES: '3', PUBLISH_MIN_REVIEWERS: '02' })).toMatchObject({ PUBLISH_MIN_SOURCES: 3, PUBLISH_MIN_REVIEWERS: 2 });
  });

  it('caps token lifetimes at 24h unless configured', () => {
    expect(loadConfig({}).authMaxTokenLifetimeSeconds).toBe(86400);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), ID_SECRET: 'i'.repeat(32), LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY }).authMaxTokenLifetimeSeconds).toBe(86400);
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '7d' }).authMaxTokenLifetimeSeconds).toBe(7 * 86400);
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '30m' }).authMaxTokenLifetimeSeconds).toBe(1800);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: '-1', LOG_LEVEL: 'loud', AUTH_JWT_SECRET: 'short' })).toHaveLength(3);
  });
});
