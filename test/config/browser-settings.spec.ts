import { corsOriginsOf, loadConfig } from '../../src/config/app-config';
import { problemsOf } from './config-problems';
import { TEST_LOG_SIGNING_KEY } from '../support/log-key';

const PRODUCTION = { NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), ID_SECRET: 'i'.repeat(32), LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY };

describe('the browser settings (issue 14): CORS_ORIGINS and GRAPHQL_IDE', () => {
  it('CORS_ORIGINS: unset allows no origin; a list of exact origins; * only alone', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' https://desk.example.org , http://localhost:5173,http://[::1]:8080 ' }).corsOrigins).toEqual([
      'https://desk.example.org',
      'http://localhost:5173',
      'http://[::1]:8080',
    ]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
  });

  it('takes host names case-insensitively and keeps them as browsers send them', () => {
    expect(corsOriginsOf('HTTPS://Desk.Example.ORG')).toEqual({ allowed: ['https://desk.example.org'] });
    expect(corsOriginsOf('https://a.example, https://a.example')).toEqual({ allowed: ['https://a.example'] });
  });

  it.each([
    ['https://desk.example.org/', 'CORS_ORIGINS: "https://desk.example.org/" is not an origin (scheme://host[:port], with no path, query or trailing slash, e.g. https://desk.example.org or http://localhost:5173); did you mean "https://desk.example.org"?'],
    ['https://desk.example.org/app', 'did you mean "https://desk.example.org"?'],
    ['https://desk.example.org:443', 'did you mean "https://desk.example.org"?'],
    ['https://desk.example.org?x=1', 'did you mean "https://desk.example.org"?'],
    ['desk.example.org', 'CORS_ORIGINS: "desk.example.org" is not an http(s) origin'],
    ['*.example.org', 'CORS_ORIGINS: "*.example.org" is not an http(s) origin'],
    ['ftp://files.example.org', 'CORS_ORIGINS: "ftp://files.example.org" is not an http(s) origin'],
    ['null', 'CORS_ORIGINS: "null" is not an http(s) origin'],
    ['https://a.example,,https://b.example', 'CORS_ORIGINS has an empty entry (a stray comma?)'],
    ['https://a.example,', 'CORS_ORIGINS has an empty entry (a stray comma?)'],
    ['*, https://a.example', 'CORS_ORIGINS: "*" (any origin) must be given alone, not in a list (got "*, https://a.example")'],
  ])('refuses CORS_ORIGINS=%j, saying what an origin is', (value, message) => {
    expect(problemsOf({ CORS_ORIGINS: value }).join('\n')).toContain(message);
  });

  it('reports every bad entry at once', () => {
    expect(problemsOf({ CORS_ORIGINS: 'https://ok.example, https://bad.example/, other' })).toHaveLength(2);
  });

  it('GRAPHQL_IDE: on by default outside production, off in production unless true; false turns it off', () => {
    expect(loadConfig({}).graphqlIde).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlIde).toBe(true);
    expect(loadConfig({ GRAPHQL_IDE: 'false' }).graphqlIde).toBe(false);
    expect(loadConfig(PRODUCTION).graphqlIde).toBe(false);
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_IDE: 'true' }).graphqlIde).toBe(true);
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_IDE: ' TRUE ' }).graphqlIde).toBe(true);
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_IDE: '' }).graphqlIde).toBe(false);
    expect(problemsOf({ GRAPHQL_IDE: 'yes' })).toEqual(['GRAPHQL_IDE must be true or false']);
  });
});
