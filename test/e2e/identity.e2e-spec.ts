import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

const WHOAMI = '{ whoami { id name roles } }';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('identity on every GraphQL request (e2e over HTTP)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(async () => app.close());

  it('a valid token makes its subject the actor, with name and known roles', async () => {
    const token = await app.token({ sub: 'alice', name: 'Alice Aliyeva', roles: ['reviewer', 'editor'] });
    const response = await app.graphql(WHOAMI, {}, token);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ whoami: { id: 'alice', name: 'Alice Aliyeva', roles: ['REVIEWER', 'EDITOR'] } });
  });

  it('roles the desk does not know are dropped, not trusted', async () => {
    const token = await new SignJWT({ roles: ['reviewer', 'superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bob')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    const response = await app.graphql(WHOAMI, {}, token);
    expect(response.data).toEqual({ whoami: { id: 'bob', name: 'bob', roles: ['REVIEWER'] } });
  });

  it('no token: the request is anonymous', async () => {
    const response = await app.graphql(WHOAMI);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ whoami: null });
  });

  async function expectRefused(authorization: string, message: RegExp) {
    const response = await app.graphql(WHOAMI, {}, authorization);
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.errors?.[0].message).toMatch(message);
  }

  it('a forged token (signed with another secret) is refused', async () => {
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-completely-different-secret-of-enough-length!!'));
    await expectRefused(`Bearer ${forged}`, /signature does not verify/);
  });

  it('a token whose payload was altered after signing is refused', async () => {
    const genuine = await app.token({ sub: 'carol', roles: ['contributor'] });
    const [header, , signature] = genuine.split('.');
    const tampered = `${header}.${base64url({ sub: 'carol', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 3600 })}.${signature}`;
    await expectRefused(`Bearer ${tampered}`, /signature does not verify/);
  });

  it('an expired token is refused', async () => {
    const expired = await new SignJWT({ roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dave')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_SECRET));
    await expectRefused(`Bearer ${expired}`, /expired/);
  });

  it('an unsigned token (alg: none) is refused', async () => {
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'eve', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    await expectRefused(`Bearer ${unsigned}`, /"none" are not accepted/);
  });

  it('a token signed with the right secret but an algorithm we do not accept (HS512) is refused', async () => {
    const header = base64url({ alg: 'HS512', typ: 'JWT' });
    const payload = base64url({ sub: 'eve', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 3600 });
    const signature = createHmac('sha512', TEST_SECRET).update(`${header}.${payload}`).digest('base64url');
    await expectRefused(`Bearer ${header}.${payload}.${signature}`, /"HS512" are not accepted/);
  });

  it('a malformed header or token is refused with a reason', async () => {
    await expectRefused('Basic YWxpY2U6c2VjcmV0', /must be "Bearer <token>"/);
    await expectRefused('Bearer not-a-jwt', /malformed/);
  });

  it('a token without a subject is refused', async () => {
    const token = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET));
    await expectRefused(`Bearer ${token}`, /no subject/);
  });
});

describe('token audience and issuer, when configured', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ AUTH_JWT_ISSUER: 'https://desk.example', AUTH_JWT_AUDIENCE: 'factcheck' })));
  afterAll(async () => app.close());

  it('accepts a token for this audience and issuer and refuses one for another', async () => {
    const good = await app.token({ sub: 'alice', roles: ['editor'], issuer: 'https://desk.example', audience: 'factcheck' });
    expect((await app.graphql(WHOAMI, {}, good)).data).toEqual({ whoami: { id: 'alice', name: 'alice', roles: ['EDITOR'] } });
    const other = await app.token({ sub: 'alice', roles: ['editor'], issuer: 'https://desk.example', audience: 'another-app' });
    const response = await app.graphql(WHOAMI, {}, other);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].message).toMatch(/aud claim/);
  });
});

describe('tokens from an identity provider (RS256 against AUTH_JWKS_URL)', () => {
  let app: TestApp;
  let jwks: Server;
  let privateKey: KeyLike;
  let strangerKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'desk-key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    app = await startTestApp({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const sign = (key: KeyLike) =>
    new SignJWT({ name: 'Idris Editor', roles: ['editor'] }).setProtectedHeader({ alg: 'RS256', kid: 'desk-key-1' }).setSubject('idris').setExpirationTime('1h').sign(key);

  it('accepts a token signed by the provider\'s published key', async () => {
    const response = await app.graphql(WHOAMI, {}, await sign(privateKey));
    expect(response.data).toEqual({ whoami: { id: 'idris', name: 'Idris Editor', roles: ['EDITOR'] } });
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    const response = await app.graphql(WHOAMI, {}, await sign(strangerKey));
    expect(response.status).toBe(401);
    expect(response.errors?.[0].message).toMatch(/signature does not verify/);
  });

  it('refuses HS256 tokens when only a JWKS is configured', async () => {
    const hs = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET));
    const response = await app.graphql(WHOAMI, {}, hs);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].message).toMatch(/"HS256" are not accepted/);
  });
});

describe('token lifetime cap (AUTH_MAX_TOKEN_LIFETIME)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ AUTH_MAX_TOKEN_LIFETIME: '1h' })));
  afterAll(async () => app.close());

  const key = new TextEncoder().encode(TEST_SECRET);
  const token = (ttl: string, iat?: number) => {
    const jwt = new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime(ttl);
    return (iat === undefined ? jwt.setIssuedAt() : jwt.setIssuedAt(iat)).sign(key);
  };

  it('accepts a token within the configured cap', async () => {
    expect((await app.graphql(WHOAMI, {}, await token('59m'))).data).toEqual({ whoami: { id: 'alice', name: 'alice', roles: ['EDITOR'] } });
  });

  it('refuses a longer one with UNAUTHENTICATED and a message naming the setting', async () => {
    const response = await app.graphql(WHOAMI, {}, await token('2h'));
    expect(response.status).toBe(401);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(response.errors?.[0].message).toBe('The token lives too long: at most 1h from issue is accepted here (AUTH_MAX_TOKEN_LIFETIME)');
  });

  it('measures from issue: a token issued 50 minutes ago with 30 left (80 in all) is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await app.graphql(WHOAMI, {}, await token('30m', now - 50 * 60));
    expect(response.status).toBe(401);
    expect(response.errors?.[0].message).toMatch(/lives too long/);
    expect((await app.graphql(WHOAMI, {}, await token('30m', now - 20 * 60))).status).toBe(200);
  });

  it('the token script\'s issuer refuses to mint beyond the cap', async () => {
    const { issueToken } = await import('../../src/auth/token-issuer');
    await expect(issueToken(TEST_SECRET, { sub: 'alice', roles: [], expiresIn: '2h', maxLifetimeSeconds: app.config.authMaxTokenLifetimeSeconds })).rejects.toThrow(/at most 3600 seconds/);
    await expect(issueToken(TEST_SECRET, { sub: 'alice', roles: [], expiresIn: '30m', maxLifetimeSeconds: app.config.authMaxTokenLifetimeSeconds })).resolves.toMatch(/^ey/);
  });
});
