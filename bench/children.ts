import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface Child {
  url: string;
  pid: number;
  ready: Record<string, unknown>;
  ask<T = Record<string, unknown>>(type: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts one of the bench's child processes (transpiled into `buildDir`) and waits for it to say
 * it is ready. Its stderr is kept and shown if it dies.
 */
export function startChild(buildDir: string, script: string, env: NodeJS.ProcessEnv, options: { timeoutMs?: number; execArgv?: string[] } = {}): Promise<Child> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const path = join(buildDir, 'bench', script);
  const child: ChildProcess = fork(path, [], { env: { ...process.env, ...env }, execArgv: options.execArgv ?? [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const w of waiting.values()) w.reject(new Error(`${script} exited (${code}): ${stderr}`));
    waiting.clear();
  });

  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready: ${stderr}`));
    });
    child.on('message', (message: { id?: number; type?: string } & Record<string, unknown>) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          url: String(message.url),
          pid: child.pid as number,
          ready: message,
          ask: <T>(type: string) =>
            new Promise<T>((done, fail) => {
              const id = nextId++;
              waiting.set(id, { resolve: done as (v: unknown) => void, reject: fail });
              child.send({ id, type });
            }),
          stop: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const id = nextId++;
            const stopped = new Promise<void>((done) => waiting.set(id, { resolve: () => done(), reject: () => done() }));
            child.send({ id, type: 'stop' });
            const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            await Promise.race([stopped.then(() => exited), exited]);
            clearTimeout(killer);
          },
        });
      } else if (message.id !== undefined) {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        w?.resolve(message);
      }
    });
  });
}
