import * as grpc from '@grpc/grpc-js';
import { EsdbTestServer } from '../support/esdb-test-server';
import { startTestApp, TestApp } from '../support/test-app';
import { bigCase } from './big-case';
import { allEvents, importerToken, postImport } from './import-http';

jest.setTimeout(120_000);

describe('case import on EventStoreDB (no transaction across streams): progress recorded, a re-run completes it', () => {
  let server: EsdbTestServer;
  let app: TestApp;
  beforeAll(async () => {
    server = new EsdbTestServer();
    const { connectionString } = await server.start();
    app = await startTestApp({ EVENTSTORE_CONNECTION_STRING: connectionString });
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('stopped by a failing store after k claims, the import answers 503; run again, it resumes and completes with nothing duplicated', async () => {
    const token = await importerToken(app);
    const file = bigCase(6, 'esdb-case');
    const dry = await postImport(app.url, file, { token, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.atomic).toBe(false);
    const claimIds = (dry.body.claims as { claimId: string }[]).map((c) => c.claimId);

    // The 4th claim's stream cannot be written: claims 1-3 are, after the registry's CaseImportStarted.
    server.injectFault({ rpc: 'append', code: grpc.status.UNAVAILABLE, details: 'injected: the server went away', stream: `claim-${claimIds[3]}`, times: 1000 });
    const failed = await postImport(app.url, file, { token });
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ ok: false, problems: [{ path: '(service)', message: expect.stringMatching(/unavailable/i) }] });
    const partial = await allEvents(app);
    const written = new Set(partial.filter((e) => e.stream.startsWith('claim-')).map((e) => e.stream));
    expect([...written].sort()).toEqual(claimIds.slice(0, 3).map((id) => `claim-${id}`).sort());
    expect(partial.filter((e) => e.stream.startsWith('case-import-')).map((e) => e.type)).toContain('CaseImportStarted');
    expect(partial.map((e) => e.type)).not.toContain('CaseImportCompleted');

    server.clearFaults();
    const resumed = await postImport(app.url, file, { token });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ ok: true, resumed: true, atomic: false });
    expect(resumed.body.claims.map((c: { alreadyImported: number; written: number }) => c.written > 0)).toEqual([false, false, false, true, true, true]);
    const after = await allEvents(app);
    expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
    const claimEvents = after.filter((e) => e.stream.startsWith('claim-'));
    expect(claimEvents).toHaveLength(dry.body.events);
    expect(after.filter((e) => e.type === 'ClaimSubmitted')).toHaveLength(6);

    const third = await postImport(app.url, file, { token });
    expect(third.body).toMatchObject({ ok: true, resumed: false, events: 0, acts: { written: 0 } });
    expect(await allEvents(app)).toHaveLength(after.length);
  });
});
