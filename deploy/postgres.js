// A PostgreSQL cluster of its own in a folder, with Debian's PostgreSQL 15 (`initdb`, `pg_ctl`): made
// on first use, started on a TCP port of 127.0.0.1 with its unix socket in the same folder, stopped
// on request. As root the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** uid/gid to run the cluster as: the `postgres` user when we are root, else ourselves. */
function owner() {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function run(cmd, args, who, what) {
  const r = spawnSync(path.join(BIN, cmd), args, { ...who, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (r.error) throw new Error(`${what}: ${r.error.message} (is Debian's postgresql installed? apt-get install postgresql)`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * Makes (when `dir` holds no cluster yet) and starts a cluster in `dir` on `port` (one already running
 * there, left by a killed run, is used where it listens), creates `database` when missing, and returns
 * its URL and a `stop()`. `dir` is created with the right owner.
 */
export function startPostgres({ dir, port: wantedPort, database = 'patients' }) {
  let port = wantedPort;
  const who = owner();
  const data = path.join(dir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  if (who.uid !== undefined) {
    fs.chownSync(dir, who.uid, who.gid);
    // Every folder above must let the postgres user through (mkdtemp makes them 0700).
    if (spawnSync('test', ['-w', dir], who).status !== 0) throw new Error(`${dir}: the postgres user cannot reach it (a parent folder is private: chmod 755 it)`);
  }
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], who, 'initdb');
  }
  if (spawnSync(path.join(BIN, 'pg_ctl'), ['-D', data, 'status'], who).status === 0) {
    // Left running by a run that was killed: use it, on the port it listens on.
    port = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[3]);
  } else {
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', 'start'], who, 'pg_ctl start');
  }
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], who, 'pg_ctl stop');
    } catch (e) {
      // Already stopped (or never started): nothing to do.
      if (!/not running|No such file|does not exist/i.test(String(e))) throw e;
    }
  };
  /** Creates database `name` unless it exists; returns its URL. */
  const createDatabase = (name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${JSON.stringify(name)}: use a-z, 0-9 and _`);
    const exists = run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${name}'`], who, 'psql');
    if (exists.trim() !== '1') run('createdb', ['-h', dir, '-p', String(port), '-U', 'postgres', name], who, 'createdb');
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  let url;
  try {
    url = createDatabase(database);
  } catch (e) {
    stop();
    throw e;
  }
  return { url, dir, port, stop, createDatabase };
}
