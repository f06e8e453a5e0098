import fc from 'fast-check';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ImportError, importCaseFile, ImportProgress, ImportRefused, ImportResult } from '../../src/case-file/case-file.importer';
import { smallCase } from '../support/small-case';

/**
 * The client of POST /cases/import against a fake of the endpoint (here only: the e2e tests run the
 * client against the real service). The fake answers whatever the test sets in `respond`.
 */
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void | Promise<void>;

const RESULT: ImportResult = {
  ok: true,
  dryRun: false,
  caseId: 'case-1',
  slug: 'small-case',
  format: 'factcheck-case/1',
  atomic: true,
  claims: [
    { key: 'deaths', claimId: 'c1', status: 'PUBLISHED', acts: 12, written: 12, alreadyImported: 0 },
    { key: 'contempt', claimId: 'c2', status: 'RETRACTED', acts: 2, written: 0, alreadyImported: 2 },
  ],
  acts: { total: 14, written: 12, alreadyImported: 2 },
  events: 15,
  resumed: false,
};

const PROGRESS: ImportProgress[] = [
  { phase: 'checking', done: 0, total: 14 },
  { phase: 'checking', done: 14, total: 14 },
  { phase: 'writing', done: 7, total: 14 },
  { phase: 'writing', done: 14, total: 14 },
];

const ndjson = (progress: ImportProgress[], result: unknown) => [...progress.map((p) => JSON.stringify({ progress: p })), JSON.stringify({ result })].join('\n') + '\n';

describe('the import client (POST /cases/import), against a fake endpoint', () => {
  let server: Server;
  let url: string;
  let respond: Handler;
  const requests: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        requests.push({ method: request.method, url: request.url, headers: request.headers, body });
        void respond(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (requests.length = 0));

  const json = (status: number, body: unknown): Handler => (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const stream = (text: string, pieces: number[] = []): Handler => async (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    let at = 0;
    for (const cut of [...pieces].sort((a, b) => a - b)) {
      res.write(text.slice(at, cut));
      at = cut;
      await new Promise((r) => setImmediate(r));
    }
    res.end(text.slice(at));
  };
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('the import did not fail'); }, (error: unknown) => error as ImportError);

  it('posts the file once, as JSON, with the token and asking for progress lines; reports them and resolves with the result', async () => {
    respond = stream(ndjson(PROGRESS, RESULT));
    const seen: ImportProgress[] = [];
    const result = await importCaseFile(smallCase(), { url: `${url}/`, token: 'the-token', onProgress: (p) => seen.push(p) });
    expect(result).toEqual(RESULT);
    expect(seen).toEqual(PROGRESS);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/cases/import' });
    expect(requests[0].headers).toMatchObject({ authorization: 'Bearer the-token', accept: 'application/x-ndjson', 'content-type': 'application/json' });
    expect(JSON.parse(requests[0].body)).toEqual(smallCase());
  });

  it('a dry run asks ?dryRun=true', async () => {
    respond = stream(ndjson([], { ...RESULT, dryRun: true }));
    const result = await importCaseFile(smallCase(), { url, token: 't', dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(requests[0].url).toBe('/cases/import?dryRun=true');
  });

  it('reads the same progress and result however the stream is cut into chunks (UTF-8 split mid-character included)', async () => {
    const withText = { ...RESULT, claims: [{ ...RESULT.claims[0], key: 'самолёт-Bakı-أسقطت' }] };
    const text = ndjson(PROGRESS, withText);
    const bytes = Buffer.from(text, 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        respond = async (_req, _body, res) => {
          res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
          let at = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            res.write(bytes.subarray(at, cut));
            at = cut;
            await new Promise((r) => setImmediate(r));
          }
          res.end(bytes.subarray(at));
        };
        const seen: ImportProgress[] = [];
        const result = await importCaseFile(smallCase(), { url, token: 't', onProgress: (p) => seen.push(p) });
        expect(seen).toEqual(PROGRESS);
        expect(result).toEqual(withText);
      }),
      { numRuns: 40 },
    );
  });

  it('takes a plain JSON result from a service that does not stream', async () => {
    respond = json(200, RESULT);
    expect(await importCaseFile(smallCase(), { url, token: 't' })).toEqual(RESULT);
  });

  it('a refused file (422) is an ImportRefused with the service\'s problems and places', async () => {
    const problems = [
      { path: 'claims[0].citations[1].excerpt', message: 'changed since it was imported; add a revision act instead', code: 'ALREADY_IMPORTED_CHANGED' },
      { path: 'claims[2].acts[4]', message: 'a verdict on a rejected claim' },
    ];
    respond = json(422, { ok: false, problems });
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error).toMatchObject({ code: 'REFUSED', status: 422, problems });
    expect(error.message).toContain('claims[0].citations[1].excerpt: changed since it was imported; add a revision act instead (ALREADY_IMPORTED_CHANGED)');
    expect(error.message).toContain('nothing was imported');
  });

  it('a refusal as the last line of a stream is an ImportRefused too, after the progress it reported', async () => {
    const problems = [{ path: 'claims[1].acts[0]', message: 'no such reviewer' }];
    respond = stream(ndjson(PROGRESS.slice(0, 2), { ok: false, problems }));
    const seen: ImportProgress[] = [];
    const error = await failure(importCaseFile(smallCase(), { url, token: 't', onProgress: (p) => seen.push(p) }));
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.problems).toEqual(problems);
    expect(seen).toEqual(PROGRESS.slice(0, 2));
  });

  it('a body the service could not read (400) is refused with its place', async () => {
    respond = json(400, { ok: false, problems: [{ path: '(file)', message: 'not JSON: Unexpected token' }] });
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', problems: [{ path: '(file)', message: 'not JSON: Unexpected token' }] });
  });

  it('401 names the verifier\'s reason', async () => {
    respond = json(401, { ok: false, problems: [{ path: '(token)', message: 'The token\'s signature does not verify' }] });
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(error.message).toBe('the service refused the import\'s token (its signature does not verify)');
  });

  it('401 in Nest\'s own shape still carries the reason', async () => {
    respond = json(401, { statusCode: 401, message: 'The token has expired', error: 'Unauthorized' });
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error.message).toBe('the service refused the import\'s token (it has expired)');
  });

  it('403 says which roles would do', async () => {
    respond = json(403, { ok: false, problems: [{ path: '(token)', message: 'Importing needs the role importer or admin' }] });
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(error.message).toMatch(/needs the role importer or admin/);
  });

  it('413 names the file\'s size and CASE_IMPORT_MAX_BYTES', async () => {
    respond = json(413, { ok: false, problems: [{ path: '(file)', message: 'over 1024 bytes' }] });
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error).toMatchObject({ code: 'TOO_LARGE', status: 413 });
    expect(error.message).toContain(`(${Buffer.byteLength(JSON.stringify(smallCase()))} bytes as JSON)`);
    expect(error.message).toContain('CASE_IMPORT_MAX_BYTES');
  });

  it('503 (and a (service) problem in a stream) says the store is unavailable and nothing was imported', async () => {
    respond = json(503, { ok: false, problems: [{ path: '(service)', message: 'The event store is unavailable' }] });
    const first = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(first).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(first.message).toMatch(/event store is unavailable.*nothing was imported/);
    respond = stream(ndjson([], { ok: false, problems: [{ path: '(service)', message: 'The event store is unavailable' }] }));
    expect(await failure(importCaseFile(smallCase(), { url, token: 't' }))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('a service without the endpoint (404) is told apart from a refusal', async () => {
    respond = json(404, { statusCode: 404, message: 'Cannot POST /cases/import' });
    expect(await failure(importCaseFile(smallCase(), { url, token: 't' }))).toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('a stream that ends without its result says the import may be partial and to run it again', async () => {
    respond = stream(ndjson(PROGRESS, RESULT).split('\n').slice(0, 3).join('\n') + '\n');
    const error = await failure(importCaseFile(smallCase(), { url, token: 't' }));
    expect(error).toMatchObject({ code: 'INTERRUPTED' });
    expect(error.message).toMatch(/ended before the import's result arrived.*Run the same import again/);
  });

  it('a connection cut mid-stream is INTERRUPTED as well', async () => {
    respond = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(`${JSON.stringify({ progress: PROGRESS[0] })}\n`);
      setImmediate(() => res.socket?.destroy());
    };
    expect(await failure(importCaseFile(smallCase(), { url, token: 't' }))).toMatchObject({ code: 'INTERRUPTED' });
  });

  it('a port nobody listens on is SERVICE_DOWN, naming the URL and what to do', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(importCaseFile(smallCase(), { url: `http://127.0.0.1:${port}`, token: 't' }));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.code).toBe('SERVICE_DOWN');
    expect(error.message).toBe(`No service answers at http://127.0.0.1:${port} (ECONNREFUSED): start it with npm start, or set SERVICE_URL`);
  });
});
