import { loadConfig, ownBaseUrl, publicHostOf } from '../../src/config/app-config';
import { PublicAddress } from '../../src/config/public-address';
import { problemsOf } from './config-problems';

describe('PUBLIC_BASE_URL: by default the service\'s own address (issue 17)', () => {
  const baseOf = (env: Record<string, string>) => new PublicAddress(loadConfig(env)).baseUrl;

  it('follows PORT, with localhost for the default wildcard HOST', () => {
    expect(baseOf({})).toBe('http://localhost:3000');
    expect(baseOf({ PORT: '8080' })).toBe('http://localhost:8080');
    expect(baseOf({ PORT: '80' })).toBe('http://localhost');
  });

  it.each([
    ['0.0.0.0', 'http://localhost:4000'],
    ['::', 'http://localhost:4000'],
    ['0:0:0:0:0:0:0:0', 'http://localhost:4000'],
    [' ', 'http://localhost:4000'],
    ['127.0.0.1', 'http://127.0.0.1:4000'],
    ['::1', 'http://[::1]:4000'],
    ['2001:DB8::1', 'http://[2001:db8::1]:4000'],
    ['Desk.Example.Org', 'http://desk.example.org:4000'],
  ])('HOST=%j gives %s', (host, expected) => {
    expect(baseOf({ HOST: host, PORT: '4000' })).toBe(expected);
  });

  it('an explicit PUBLIC_BASE_URL wins over HOST and PORT, without its trailing slash', () => {
    expect(baseOf({ PUBLIC_BASE_URL: 'https://factcheck.example.org/', HOST: '127.0.0.1', PORT: '8080' })).toBe('https://factcheck.example.org');
    expect(baseOf({ PUBLIC_BASE_URL: 'https://example.org/desk//', PORT: '0' })).toBe('https://example.org/desk');
  });

  it('with PORT=0 is the port bound, known once the server listens (and refused before, with the reason)', () => {
    const address = new PublicAddress(loadConfig({ PORT: '0', HOST: '::1' }));
    expect(() => address.baseUrl).toThrow('The public address is not known yet: with PORT=0 and no PUBLIC_BASE_URL it is the port the server binds');
    address.listening(41234);
    expect(address.baseUrl).toBe('http://[::1]:41234');
  });

  it('a configured address is not moved by the port bound', () => {
    const explicit = new PublicAddress(loadConfig({ PORT: '0', PUBLIC_BASE_URL: 'https://factcheck.example.org' }));
    explicit.listening(41234);
    expect(explicit.baseUrl).toBe('https://factcheck.example.org');
    const fixed = new PublicAddress(loadConfig({ PORT: '3001' }));
    fixed.listening(41234);
    expect(fixed.baseUrl).toBe('http://localhost:3001');
  });

  it.each(['a b', 'desk.example.org/path', 'user@desk', 'desk:8080', '[::1]'])('refuses HOST=%j when it has to make the address, naming HOST and PUBLIC_BASE_URL', (host) => {
    expect(problemsOf({ HOST: host })).toEqual([expect.stringMatching(/^HOST ".*" is not a host name or IP address, so it cannot make the service's own address \(PUBLIC_BASE_URL's default\): fix HOST or set PUBLIC_BASE_URL$/)]);
    expect(problemsOf({ HOST: host, PUBLIC_BASE_URL: 'https://factcheck.example.org' })).toEqual([]);
  });

  it('refuses a PUBLIC_BASE_URL that is not an http(s) URL', () => {
    expect(problemsOf({ PUBLIC_BASE_URL: 'factcheck.example.org' })).toEqual(['PUBLIC_BASE_URL must be an http(s) URL']);
    expect(problemsOf({ PUBLIC_BASE_URL: 'ftp://factcheck.example.org' })).toEqual(['PUBLIC_BASE_URL must be an http(s) URL']);
  });

  it('builds the host part and the address as pure functions', () => {
    expect(publicHostOf('::')).toBe('localhost');
    expect(publicHostOf('fe80::1')).toBe('[fe80::1]');
    expect(ownBaseUrl('0.0.0.0', 65535)).toBe('http://localhost:65535');
  });
});

describe('LOG_ORIGIN: by default the address\'s host and /log, never a port picked at random', () => {
  it('takes the host and port of the configured address', () => {
    expect(loadConfig({}).logOrigin).toBe('localhost:3000/log');
    expect(loadConfig({ PORT: '8080', HOST: '::1' }).logOrigin).toBe('[::1]:8080/log');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://factcheck.example.org/desk', PORT: '0' }).logOrigin).toBe('factcheck.example.org/log');
  });

  it('with PORT=0 and no PUBLIC_BASE_URL leaves the port out, so a restart on another port keeps the log\'s name', () => {
    expect(loadConfig({ PORT: '0', HOST: '127.0.0.1' }).logOrigin).toBe('127.0.0.1/log');
    expect(loadConfig({ PORT: '0' }).logOrigin).toBe('localhost/log');
  });

  it('an explicit LOG_ORIGIN wins', () => {
    expect(loadConfig({ PORT: '0', LOG_ORIGIN: 'desk.example.org/log' }).logOrigin).toBe('desk.example.org/log');
  });
});
