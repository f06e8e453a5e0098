import Database from 'better-sqlite3';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];
const METRICS_TOKEN = 'metrics-token-for-the-process-test-0123456789';

/** The environment a fresh machine has: none of the service's variables set. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['PORT', 'HOST', 'DATA_DIR', 'EVENTSTORE_CONNECTION_STRING', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'LOG_LEVEL']) delete env[key];
  return { ...env, NODE_ENV: 'development', ...extra };
}

interface Running {
  child: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

function startService(env: NodeJS.ProcessEnv): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const logs: Record<string, unknown>[] = [];
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      const listening = /listening on (http:\/\/\S+)/.exec(String(entry.msg));
      if (listening) resolve({ child, url: listening[1].replace('[::1]', '127.0.0.1'), logs, exited });
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    void exited.then((code) => reject(new Error(`service exited with ${code} before listening: ${stderr}`)));
  });
}

function runToExit(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [...TS_NODE, ...args], { cwd: ROOT, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the service process (src/main.ts) as `npm start` runs it', () => {
  it('starts with no configuration on the embedded store, mints a dev secret, answers, and shuts down cleanly on SIGTERM', async () => {
    const dir = makeTempDir();
    try {
      const env = cleanEnv({ DATA_DIR: dir.path, PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN });
      const service = await startService(env);

      // Anonymous callers get the status only; the details need the operator credential (METRICS_TOKEN).
      const health = await fetch(`${service.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${service.url}/health/ready`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(await ready.json()).toMatchObject({ status: 'ok', eventStore: { reachable: true, adapter: 'embedded' } });
      expect(existsSync(join(dir.path, 'events.sqlite'))).toBe(true);
      expect(service.logs.some((l) => l.level === 'warn' && /generated a development secret/.test(String(l.msg)))).toBe(true);

      // `npm run token` signs with the same generated secret, so its token is accepted by the running service.
      const minted = await runToExit([join(ROOT, 'scripts/token.ts'), '--sub', 'alice', '--name', 'Alice', '--roles', 'reviewer,editor'], env);
      expect(minted.code).toBe(0);
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.stdout.trim()}` },
        body: JSON.stringify({ query: '{ whoami { id name roles } }' }),
      });
      expect(await response.json()).toEqual({ data: { whoami: { id: 'alice', name: 'Alice', roles: ['REVIEWER', 'EDITOR'] } } });

      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      const db = new Database(join(dir.path, 'events.sqlite'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      dir.remove();
    }
  });

  it('drains on SIGTERM: the request in flight finishes, the next one on the same kept-alive socket gets 503 Connection: close, never a reset', async () => {
    const dir = makeTempDir();
    try {
      const service = await startService(cleanEnv({ DATA_DIR: dir.path, PORT: '0', HOST: '127.0.0.1' }));
      const { hostname, port } = new URL(service.url);
      const socket: Socket = connect(Number(port), hostname);
      let received = '';
      const errors: Error[] = [];
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('error', (error) => errors.push(error));
      const ended = new Promise<void>((done) => socket.on('close', () => done()));
      await new Promise<void>((done) => socket.on('connect', () => done()));

      // A request in flight: headers sent, the body still on its way when SIGTERM arrives.
      const body = JSON.stringify({ query: '{ __typename }' });
      socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 5)}`);
      await new Promise((r) => setTimeout(r, 200));
      service.child.kill('SIGTERM');
      await eventually(() => expect(service.logs.some((l) => /SIGTERM received/.test(String(l.msg)))).toBe(true));
      socket.write(body.slice(5));
      await eventually(() => expect(received).toMatch(/\r\n\r\n\{"data":\{"__typename":"Query"\}\}/));
      expect(received).toMatch(/^HTTP\/1\.1 200 /);

      // The next request on the same socket, as a client honouring the answer would: if the server kept
      // the socket alive it must answer 503 with Connection: close; if it said Connection: close, the
      // socket must then close cleanly. Never a reset.
      const first = received.length;
      const closing = /\r\nconnection: close\r\n/i.test(received);
      if (!closing) socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await ended;
      const second = received.slice(first);
      expect(errors).toEqual([]);
      if (second.length > 0) {
        expect(second).toMatch(/^HTTP\/1\.1 503 /);
        expect(second).toMatch(/\r\nconnection: close\r\n/i);
        expect(second).toMatch(/\r\nretry-after: \d+\r\n/i);
      }
      expect(await service.exited).toBe(0);
    } finally {
      dir.remove();
    }
  });

  it('holds DATA_DIR: a second service on it exits non-zero naming the first one\'s pid, the first keeps serving; the rebuild script goes through it', async () => {
    const dir = makeTempDir();
    try {
      const env = cleanEnv({ DATA_DIR: dir.path, PORT: '0', HOST: '127.0.0.1' });
      const first = await startService(env);
      expect(readFileSync(join(dir.path, '.lock'), 'utf8').trim()).toBe(String(first.child.pid));

      const second = await runToExit([join(ROOT, 'src/main.ts')], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`DATA_DIR ${dir.path} is in use by another process (pid ${first.child.pid})`);
      expect(existsSync(join(dir.path, 'read-models'))).toBe(true);

      // The first one is untouched: it answers at once, and writes.
      expect((await fetch(`${first.url}/health/live`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
      const minted = await runToExit([join(ROOT, 'scripts/token.ts'), '--sub', 'alice', '--name', 'Alice', '--roles', 'contributor'], env);
      const submit = await fetch(`${first.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.stdout.trim()}` },
        body: JSON.stringify({
          query: 'mutation { submitClaim(input: { statement: "Nine people were detained.", claimant: { name: "Ura.ru", kind: ORGANIZATION }, claimDate: "2025-06-28", language: "en" }) { revision } }',
        }),
      });
      expect(await submit.json()).toEqual({ data: { submitClaim: { revision: 0 } } });

      // The rebuild script: through the running service; offline (no service found at its URL) it is refused by the lock.
      const through = await runToExit([join(ROOT, 'scripts/rebuild-projections.ts')], { ...env, SERVICE_URL: first.url });
      expect(through.code).toBe(0);
      expect(through.stdout).toMatch(/Asking the service at .* to rebuild/);
      const offline = await runToExit([join(ROOT, 'scripts/rebuild-projections.ts')], { ...env, SERVICE_URL: 'http://127.0.0.1:9' });
      expect(offline.code).toBe(1);
      expect(offline.stderr).toContain(`in use by another process (pid ${first.child.pid})`);
      expect((await fetch(`${first.url}/health/live`)).status).toBe(200);

      // Released on a clean stop: the next service starts.
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(existsSync(join(dir.path, '.lock'))).toBe(false);
      const offlineNow = await runToExit([join(ROOT, 'scripts/rebuild-projections.ts')], { ...env, SERVICE_URL: 'http://127.0.0.1:9' });
      expect(offlineNow.code).toBe(0);
      expect(existsSync(join(dir.path, '.lock'))).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('takes over a stale DATA_DIR lock (its process is gone)', async () => {
    const dir = makeTempDir();
    try {
      // The pid of a process that has exited: no process has it.
      const gone = spawn(process.execPath, ['-e', '']);
      await new Promise((done) => gone.on('exit', done));
      writeFileSync(join(dir.path, '.lock'), `${gone.pid}\n`);
      const service = await startService(cleanEnv({ DATA_DIR: dir.path, PORT: '0', HOST: '127.0.0.1' }));
      expect(readFileSync(join(dir.path, '.lock'), 'utf8').trim()).toBe(String(service.child.pid));
      expect(service.logs.some((l) => l.level === 'warn' && String(l.msg).includes(`took over the lock of process ${gone.pid}`))).toBe(true);
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    } finally {
      dir.remove();
    }
  });

  it('refuses to start on an invalid setting, naming it', async () => {
    const dir = makeTempDir();
    try {
      const result = await runToExit([join(ROOT, 'src/main.ts')], cleanEnv({ DATA_DIR: dir.path, PORT: 'eighty', EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/PORT must be a whole number/);
      expect(result.stderr).toMatch(/EVENTSTORE_CONNECTION_STRING must look like esdb:\/\//);
    } finally {
      dir.remove();
    }
  });

  it('refuses to start in production without a way to verify tokens', async () => {
    const dir = makeTempDir();
    try {
      const result = await runToExit([join(ROOT, 'src/main.ts')], cleanEnv({ DATA_DIR: dir.path, NODE_ENV: 'production', PORT: '0' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL/);
      expect(existsSync(join(dir.path, 'dev-jwt-secret'))).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('the token script refuses unknown roles', async () => {
    const dir = makeTempDir();
    try {
      const result = await runToExit([join(ROOT, 'scripts/token.ts'), '--sub', 'alice', '--roles', 'reviewer,overlord'], cleanEnv({ DATA_DIR: dir.path }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Unknown role\(s\) overlord/);
    } finally {
      dir.remove();
    }
  });
});
