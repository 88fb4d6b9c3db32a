/**
 * One server process per database file (issue 11, item 4): the list cache and the event streams assume
 * this process is the only writer. A lock file beside the database (`<db>.lock`) holds the owner's PID,
 * host and process start time; it is created atomically (`wx`), and one left by a process that is gone
 * (killed with -9, a crash) is taken over. A second server on the same file fails at start, saying who
 * holds it. SQLite's own `locking_mode=EXCLUSIVE` is not used: it would also shut out this process's
 * read-only connections that stream the large lists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Owner {
  pid: number;
  host: string;
  /** The process's start time (Linux: /proc/<pid>/stat field 22), so a reused PID is not taken for the owner. */
  started: string | null;
  since: string;
}

function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(owner: Owner): boolean {
  if (owner.host !== os.hostname()) return true; // another machine's process: cannot tell, assume it runs
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTime(owner.pid);
  return owner.started === null || now === null || now === owner.started;
}

export class DatabaseLockedError extends Error {}

/** Takes the lock for `dbFile`, or throws DatabaseLockedError naming the holder. Returns the release. */
export function lockDatabase(dbFile: string): () => void {
  if (dbFile === ':memory:') return () => {};
  const lockFile = `${dbFile}.lock`;
  // The database's folder may not exist yet (a fresh checkout's ./data): the lock is taken before it is opened.
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const me: Owner = { pid: process.pid, host: os.hostname(), started: startTime(process.pid), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(me) + '\n', { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          const holder = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Owner;
          if (holder.pid === me.pid && holder.since === me.since) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: Owner | null = null;
    let text = '';
    try {
      text = fs.readFileSync(lockFile, 'utf8');
      holder = JSON.parse(text) as Owner;
    } catch {
      holder = null; // half-written or unreadable: treat as stale
    }
    if (holder && alive(holder)) {
      const self = holder.pid === process.pid ? ' (this process: a server already runs on it here)' : '';
      throw new DatabaseLockedError(
        `database ${dbFile} is in use by another patient server: pid ${holder.pid} on ${holder.host}${self}, since ${holder.since}. ` +
          `One server process per database file: stop that one, or start this one with another --db. ` +
          `(The lock is ${lockFile}; it is taken over by itself when its process is gone.)`,
      );
    }
    // Stale: its process is gone. Remove it and try again (wx decides between two racing starters).
    try {
      // Only the stale file read above: a racing starter may have just replaced it with its own.
      if (fs.readFileSync(lockFile, 'utf8') === text) fs.unlinkSync(lockFile);
    } catch {
      // another starter removed it first
    }
  }
  throw new DatabaseLockedError(`database ${dbFile}: could not take the lock ${lockFile}`);
}
