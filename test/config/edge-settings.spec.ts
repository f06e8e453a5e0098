import fc from 'fast-check';
import { isIP } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, trustProxyOf } from '../../src/config/app-config';
import { problemsOf } from './config-problems';
import { DataDirLocked, lockDataDir } from '../../src/config/data-dir-lock';
import { TEST_LOG_SIGNING_KEY } from '../support/log-key';

describe('the edge settings (issue #11, after the outsider\'s attack)', () => {
  it('default to bounds that hold in production as under npm start', () => {
    for (const env of [{}, { NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), ID_SECRET: 'i'.repeat(32), LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY }]) {
      const config = loadConfig(env);
      expect(config).toMatchObject({ QUERY_MAX_NODES: 50_000, HTTP_REQUEST_TIMEOUT_MS: 30_000, HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_MAX_CONNECTIONS: 10_000, TRUST_PROXY: 'false' });
      expect(config.trustProxy).toBe(false);
    }
  });

  it.each([
    [{ QUERY_MAX_NODES: '10' }, 'QUERY_MAX_NODES must be between 1000 and 10000000'],
    [{ QUERY_MAX_NODES: 'many' }, 'QUERY_MAX_NODES must be a whole number'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS must be between 1000 and 600000'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '1.5' }, 'HTTP_HEADERS_TIMEOUT_MS must be a whole number of milliseconds'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '10000' }, 'HTTP_HEADERS_TIMEOUT_MS (10000) must not be longer than HTTP_REQUEST_TIMEOUT_MS (5000)'],
    [{ HTTP_MAX_CONNECTIONS: '-1' }, 'HTTP_MAX_CONNECTIONS must be between 0 and 1000000'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY must be false, a number of proxy hops'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY must be false, a number of proxy hops'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY must be false, a number of proxy hops'],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(problemsOf(env).join('\n')).toContain(message);
  });

  it('TRUST_PROXY takes false, a hop count, or a list of addresses, CIDR ranges and Express\'s names', () => {
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('0')).toBe(false);
    expect(trustProxyOf('2')).toBe(2);
    expect(trustProxyOf('loopback, 10.0.0.0/8, fd00::/8, 192.0.2.1')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('TRUST_PROXY: every list of valid addresses and ranges is taken as is; anything with an invalid entry is refused', () => {
    const address = fc.oneof(fc.ipV4(), fc.ipV6());
    const entry = fc.oneof(
      address,
      fc.ipV4().chain((ip) => fc.integer({ min: 0, max: 32 }).map((bits) => `${ip}/${bits}`)),
      fc.constantFrom('loopback', 'linklocal', 'uniquelocal'),
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), (entries) => {
        expect(trustProxyOf(entries.join(','))).toEqual(entries.map((e) => e.toLowerCase()));
      }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 3 }), fc.string({ minLength: 1, maxLength: 20 }), (entries, junk) => {
        const bad = junk.trim().toLowerCase();
        fc.pre(bad !== '' && !/^\d{1,2}$/.test(bad) && bad !== 'false' && isIP(bad.split('/')[0]) === 0 && !['loopback', 'linklocal', 'uniquelocal'].includes(bad) && !bad.includes(','));
        expect(trustProxyOf([...entries, junk].join(','))).toBeUndefined();
      }),
    );
  });
});

describe('the DATA_DIR lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'factcheck-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is exclusive within a process too, and released by release()', () => {
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, '.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
    lock.release();
    lockDataDir(dir).release();
  });

  it('refuses a lock held by a live process, naming its pid; takes over one whose pid is gone or unreadable', () => {
    writeFileSync(join(dir, '.lock'), `${process.ppid}\n`); // our parent: alive
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by another process \\(pid ${process.ppid}\\)`));
    expect(readFileSync(join(dir, '.lock'), 'utf8').trim()).toBe(String(process.ppid));
    for (const content of ['not a pid', '', `${process.pid}`]) {
      writeFileSync(join(dir, '.lock'), content);
      const lock = lockDataDir(dir);
      expect(readFileSync(join(dir, '.lock'), 'utf8').trim()).toBe(String(process.pid));
      lock.release();
    }
  });
});
