// Shared by the server's tests: a real server on a real SQLite file in a temp folder (or on a real
// PostgreSQL database of its own, test/support/postgres.ts), and real images.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type ServerConfig } from './config.ts';
import { startServer, type RunningServer } from './start.ts';
import { dropTestDatabase, testDatabase } from '../test/support/postgres.ts';

export { jpegBase64, makePng } from '../test/support/images.js';
import { jpegBase64 } from '../test/support/images.js';

export interface TestServer extends RunningServer {
  dir: string;
  /** Closes the server and removes the temp folder. */
  stop(): Promise<void>;
}

export type Backend = 'sqlite' | 'postgres';

/** The storage backends the contract, durability and hostile suites run against. */
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

/**
 * The config that points a server at `backend` for the test folder `dir`: nothing for SQLite (the file
 * in `dir`), a database of its own for PostgreSQL (the same one again for the same `dir`: restarts).
 */
export async function backendConfig(backend: Backend, dir: string): Promise<Partial<ServerConfig>> {
  return backend === 'postgres' ? { databaseUrl: await testDatabase(dir) } : {};
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'patient-server-'));
}

/** In-process server on port 0, quiet, with a temp database (SQLite file or PostgreSQL database) unless `dbPath` is given. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, dir = tempDir(), backend: Backend = 'sqlite'): Promise<TestServer> {
  const running = await startServer({
    ...defaultConfig,
    port: 0,
    dbPath: path.join(dir, 'patients.db'),
    logLevel: 'silent',
    ...(await backendConfig(backend, dir)),
    ...overrides,
  });
  return {
    ...running,
    dir,
    stop: async () => {
      await running.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (backend === 'postgres') await dropTestDatabase(dir);
    },
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): unknown;
}

/**
 * A raw request: the path is sent exactly as given (fetch would normalise `..` away), and no
 * connection is kept, so closing the server never waits on a test's socket.
 */
export function request(
  base: string,
  method: string,
  urlPath: string,
  options: { body?: string | Buffer; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const u = new URL(base);
  const headers: Record<string, string> = { Connection: 'close', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method, path: urlPath, headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const buf = Buffer.concat(parts);
          const text = buf.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, text, json: () => JSON.parse(text) as unknown });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${method} ${urlPath}`)));
    req.end(body);
  });
}

export interface Upload {
  patient_mrn: number | string;
  room_number: number | string;
  patient_name: string;
  CPAP_pressure: number | string;
  breath_rate: number | string;
  apnea_count: number | string;
  flow_image: string;
}

export function upload(overrides: Partial<Upload> = {}): Upload {
  return {
    patient_mrn: 1001,
    room_number: 101,
    patient_name: 'Ann Example',
    CPAP_pressure: 10,
    breath_rate: 14.5,
    apnea_count: 2,
    flow_image: jpegBase64,
    ...overrides,
  };
}

export const addPatient = (base: string, body: unknown, headers?: Record<string, string>) =>
  request(base, 'POST', '/add_patient', { json: body, headers });

/** The status of `GET /events`, which answers at once and then streams: reads the head only. */
export function eventsStatus(base: string, headers: Record<string, string> = {}): Promise<number> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: u.hostname, port: u.port, path: '/events', headers, agent: false }, (res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
  });
}
