import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp, type PatientApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { openStorage } from './storage/index.ts';
import { createLogger } from './log.ts';
import { findRepoRoot } from './static.ts';

export interface RunningServer {
  url: string;
  port: number;
  patientApp: PatientApp;
  /** Graceful: stop accepting, end event streams, let in-flight requests finish, close the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const distDir = config.distDir ?? path.join(await findRepoRoot(import.meta.dirname), 'dist');
  // Opened, migrated and checked before any traffic (the lifespan hook hosts expect); on SQLite also
  // locked to this process (a second server on the file fails here, naming the holder).
  const storage = await openStorage(config);
  const patientApp = createApp(config, storage, log, distDir);
  const server = createAdaptorServer({ fetch: patientApp.app.fetch }) as Server;
  // Slow-loris guard: a client gets this long to send its headers and body.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  try {
    // The event feed: the newest event id, and on PostgreSQL the LISTEN for other instances' writes.
    await patientApp.hub.start();
    // The list every screen asks for first, encoded before ready (the database was opened, migrated and checked by openStorage).
    await patientApp.warm();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    patientApp.close();
    await patientApp.hub.closeAll();
    await storage.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  patientApp.readiness.state = 'ready';
  log({ level: 'info', msg: 'listening', url, db: storage.location, backend: storage.backend, auth: config.apiToken !== null });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      patientApp.close();
      server.closeIdleConnections();
      const deadline = Date.now() + config.shutdownGraceMs;
      while (patientApp.inFlight() > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      // Keep-alive sockets that went idle after their last response, and anything past the deadline.
      server.closeAllConnections();
      await closed;
      // Ends the LISTEN connection too (patientApp.close() has ended the streams).
      await patientApp.hub.closeAll();
      await storage.close();
      log({ level: 'info', msg: 'closed' });
    })());
  return { url, port, patientApp, close };
}
