import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The lock file in DATA_DIR: it holds the pid of the process serving that directory. */
export const LOCK_FILE = '.lock';

export class DataDirLocked extends Error {
  override readonly name = 'DataDirLocked';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another process (pid ${pid}): two services on one DATA_DIR would corrupt its read models. ` +
        `Stop that process, or give this one another DATA_DIR (if no process ${pid} serves it, remove ${join(dataDir, LOCK_FILE)}).`,
    );
  }
}

/** Locks taken by this process, by lock file: a pid of ours in a lock file nobody here holds is stale (a restarted container is pid 1 again). */
const HELD = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, it is someone else's
  }
}

export interface DataDirLock {
  readonly path: string;
  /** The pid of a stale lock (its process gone) this one took over, if any. */
  readonly takenOverFrom?: number;
  release(): void;
}

/**
 * Takes DATA_DIR for this process: creates DATA_DIR/.lock with our pid (exclusively, `wx`). A lock
 * whose process is gone is stale and taken over; one held by a live process is refused with
 * DataDirLocked naming it. Released (the file removed) by release(), and at exit.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = resolve(dataDir, LOCK_FILE);
  if (HELD.has(path)) throw new DataDirLocked(dataDir, process.pid);
  let takenOverFrom: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      continue; // removed meanwhile: try again
    }
    const stale = !Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid);
    if (!stale) throw new DataDirLocked(dataDir, pid);
    takenOverFrom = Number.isInteger(pid) ? pid : undefined;
    try {
      unlinkSync(path);
    } catch {
      // another process took it over first: the next attempt sees its lock
    }
  }
  HELD.add(path);
  const onExit = () => removeIfOurs(path);
  process.once('exit', onExit);
  let released = false;
  return {
    path,
    takenOverFrom,
    release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      HELD.delete(path);
      removeIfOurs(path);
    },
  };
}

function removeIfOurs(path: string): void {
  try {
    if (Number.parseInt(readFileSync(path, 'utf8').trim(), 10) === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
}
