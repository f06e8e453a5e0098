import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of scripts/ as `npm run` does (ts-node, transpile only), answering its exit code and output. */
export function runScript(name: string, args: string[]): Promise<ScriptRun> {
  return new Promise((done) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
