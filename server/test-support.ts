// Shared by the server's tests: a real server on a real SQLite file in a temp folder, and real images.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { defaultConfig, type ServerConfig } from './config.ts';
import { startServer, type RunningServer } from './start.ts';

/** A 16x16 JPEG (CPython's imghdr test image). */
export const jpegBase64 =
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z';

/** A real PNG: an 8-bit greyscale gradient of the given size, different bytes per `seed`. */
export function makePng(width = 8, height = 8, seed = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 16 + y * 8 + seed) & 0xff;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface TestServer extends RunningServer {
  dir: string;
  /** Closes the server and removes the temp folder. */
  stop(): Promise<void>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'patient-server-'));
}

/** In-process server on port 0, quiet, with a temp database unless `dbPath` is given. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, dir = tempDir()): Promise<TestServer> {
  const running = await startServer({
    ...defaultConfig,
    port: 0,
    dbPath: path.join(dir, 'patients.db'),
    logLevel: 'silent',
    ...overrides,
  });
  return {
    ...running,
    dir,
    stop: async () => {
      await running.close();
      fs.rmSync(dir, { recursive: true, force: true });
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
