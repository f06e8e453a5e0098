import { decodeJwt } from 'jose';
import { WS_CLOSE } from '../../src/rate-limit/ws-limits';
import { eventually } from '../support/eventually';
import { expectUntouched } from '../support/hostile';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

const CLAIM = 'subscription($id: ID!) { claimUpdated(id: $id) { id revision } }';

describe('a subscription ends when its token expires (e2e, graphql-ws over a real socket)', () => {
  let app: TestApp;
  let claimId: string;
  let editor: string;

  beforeAll(async () => {
    app = await startTestApp();
    editor = await app.token({ sub: 'elena', roles: ['editor'] });
    const submitted = await app.graphql<{ submitClaim: { claimId: string } }>(
      'mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { claimId } }',
      { input: { statement: 'Nine people were detained.', claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'] } },
      editor,
    );
    claimId = submitted.data!.submitClaim.claimId;
  });
  afterAll(async () => app.close());

  it('the server closes the socket with 4401 "Token expired" at the token\'s exp, and HTTP refuses the same token', async () => {
    const shortLived = await app.token({ sub: 'rita', roles: ['reviewer'], expiresIn: '2s' });
    const exp = decodeJwt(shortLived).exp!;
    const ws = new WsSubscriber(app.url, shortLived);
    const longLived = new WsSubscriber(app.url, editor);
    try {
      const sub = ws.subscribe<{ claimUpdated: { revision: number } }>(CLAIM, { id: claimId });
      const other = longLived.subscribe<{ claimUpdated: { revision: number } }>(CLAIM, { id: claimId });
      await eventually(() => expect([sub.received.length, other.received.length]).toEqual([1, 1]));
      expect(ws.closeEvent).toBeUndefined();

      await expectUntouched(app, () => eventually(() => expect(ws.closeEvent).toEqual(expect.objectContaining({ code: WS_CLOSE.TOKEN_EXPIRED.code, reason: 'Token expired' }))));
      expect(WS_CLOSE.TOKEN_EXPIRED.code).toBe(4401);
      // closed at or after the expiry, never before (the clock of the token, in whole seconds)
      expect(Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(exp);
      const refused = await app.graphql('{ whoami { id } }', undefined, shortLived);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]).toMatchObject({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } });

      // a later change reaches the connection whose token is still valid, not the closed one
      await app.graphql(`mutation { reviseClaimDetails(input: { claimId: "${claimId}", topics: ["raids", "russia"], reason: "Topic" }) { revision } }`, undefined, editor);
      await eventually(() => expect(other.received).toHaveLength(2));
      expect(sub.received).toHaveLength(1);
      expect(longLived.closeEvent).toBeUndefined();
    } finally {
      await Promise.all([ws.close(), longLived.close()]);
    }
  });

  it('a token that is expired by the time it connects gets no subscription at all (4403)', async () => {
    const token = await app.token({ sub: 'rita', roles: ['reviewer'], expiresIn: '1s' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const ws = new WsSubscriber(app.url, token);
    try {
      const sub = ws.subscribe(CLAIM, { id: claimId });
      await eventually(() => expect(ws.closeEvent?.code).toBe(4403));
      expect(sub.received).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});
