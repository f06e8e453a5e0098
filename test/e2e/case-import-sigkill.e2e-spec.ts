import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { issueToken } from '../../src/auth/token-issuer';
import { makeTempDir } from '../support/temp-dir';
import { bigCase } from '../case-import/big-case';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'sigkill-test-secret-that-is-long-enough-for-hs256-0123456789';

jest.setTimeout(300_000);

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

/** The real service process (src/main.ts) on DATA_DIR, as `npm start` runs it. */
function startService(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'info' };
  delete env.EVENTSTORE_CONNECTION_STRING;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((done) => child.on('exit', done));
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let msg = '';
      try {
        msg = String((JSON.parse(line) as { msg?: unknown }).msg);
      } catch {
        return;
      }
      const listening = /listening on (http:\/\/\S+)/.exec(msg);
      if (listening) resolve({ child, url: listening[1].replace('[::1]', '127.0.0.1'), exited });
    });
    void exited.then((code) => reject(new Error(`service exited (${String(code)}) before listening: ${stderr}`)));
  });
}

/** Counts the events in the store file while no process has it open. */
function eventsIn(dataDir: string): { total: number; claims: number } {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    const total = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const claims = (db.prepare("SELECT count(*) AS n FROM events WHERE stream_id LIKE 'claim-%'").get() as { n: number }).n;
    return { total, claims };
  } finally {
    db.close();
  }
}

type Moment = { name: string; when: (line: Record<string, any>) => boolean };

/** Posts the file as NDJSON and SIGKILLs the service at the first progress line `moment` picks. */
async function importUntilKilled(service: Running, file: unknown, token: string, moment: Moment): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${service.url}/cases/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson', authorization: `Bearer ${token}` },
    body: JSON.stringify(file),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += Buffer.from(value).toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      if (lines.some((l) => moment.when(JSON.parse(l) as Record<string, any>))) {
        service.child.kill('SIGKILL');
        break;
      }
    }
  } catch {
    // The connection dies with the process.
  }
  service.child.kill('SIGKILL');
  await service.exited;
  controller.abort();
}

describe('a case import killed with SIGKILL leaves all of the file or none of it (embedded store, real process)', () => {
  const file = bigCase(150, 'sigkill-case');
  const moments: Moment[] = [
    { name: 'while checking, half-way through the claims', when: (l) => l.progress?.phase === 'checking' && l.progress.done >= l.progress.total / 2 },
    { name: 'as writing begins', when: (l) => l.progress?.phase === 'writing' && l.progress.done === 0 },
    { name: 'at the end of writing', when: (l) => l.progress?.phase === 'writing' && l.progress.done === l.progress.total },
  ];
  const outcomes: { moment: string; afterKill: number; complete: number }[] = [];

  it.each(moments)('killed $name: nothing or everything, then a restarted service completes the import', async (moment) => {
    const dir = makeTempDir('case-import-sigkill-');
    try {
      const token = await issueToken(SECRET, { sub: 'importer-bot', roles: ['importer'] });
      await importUntilKilled(await startService(dir.path), file, token, moment);
      const afterKill = eventsIn(dir.path);

      const again = await startService(dir.path);
      try {
        const response = await fetch(`${again.url}/cases/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(file) });
        const result = (await response.json()) as { ok: boolean; events: number; acts: { total: number; written: number; alreadyImported: number } };
        expect(response.status).toBe(200);
        expect(result.ok).toBe(true);
        // Either the killed run had written nothing (this run writes all), or all (this run writes nothing).
        expect([0, result.acts.total]).toContain(result.acts.written);
      } finally {
        again.child.kill('SIGKILL');
        await again.exited;
      }
      const complete = eventsIn(dir.path);
      expect(complete.claims).toBeGreaterThan(150 * 3);
      expect([0, complete.total]).toContain(afterKill.total);
      outcomes.push({ moment: moment.name, afterKill: afterKill.total, complete: complete.total });
    } finally {
      dir.remove();
    }
  });

  afterAll(() => {
    // Every complete import holds the same events, whichever moment the first run died at.
    expect(new Set(outcomes.map((o) => o.complete)).size).toBeLessThanOrEqual(1);
  });
});
