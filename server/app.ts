import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import path from 'node:path';
import type { ServerConfig } from './config.ts';
import { EventHub } from './events.ts';
import type { Logger } from './log.ts';
import { patientFields, type PatientField, type PatientRecord, type Storage } from './storage/index.ts';
import { ListCache, legacyFields, negotiate, streamList } from './list.ts';
import { compression, uncompressed } from './compress.ts';
import {
  cors,
  corsHeaders,
  hostAllowlist,
  rateLimit,
  refuseCrossSiteGetWrites,
  secureHeaders,
  securityHeaders,
} from './security.ts';
import { serveFile } from './static.ts';
import { CidrList, forwardedHttps, ipAllowlist, resolveClient } from './ip.ts';
import { createSessions } from './session.ts';
import { jsonDepthExceeds } from './validate.ts';
import { addMeasurement, requestPressure } from './writes.ts';
import { mountMcp } from './mcp.ts';
import {
  isRejection,
  JSON_MAX_DEPTH,
  MESSAGES,
  ROUTES,
  toWireInteger,
  type Rejection,
} from '../src/patient-api/contract.ts';

type Env = { Bindings: HttpBindings };

export interface PatientApp {
  app: Hono<Env>;
  hub: EventHub;
  store: Storage;
  /** Requests whose handler has not returned yet; shutdown waits for them. */
  inFlight(): number;
  /** `GET /health/ready` answers 200 only while `ready`: set by startServer once the database is checked, `closing` on shutdown. */
  readiness: { state: 'starting' | 'ready' | 'closing' };
  /** What the first screen asks for, made before ready: the encoded `GET /get_all_patients` (when it fits the cache). */
  warm(): Promise<void>;
  close(): void;
}

const eventsKept = 100_000;

function clientAddress(c: Context<Env>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The client went away before its request was read or answered (a cut upload, a closed tab). */
function aborted(c: Context<Env>, err?: unknown): boolean {
  const incoming = c.env?.incoming as (Context<Env>['env']['incoming'] & { aborted?: boolean }) | undefined;
  return Boolean(incoming?.aborted) || (err instanceof Error && (err.message === 'aborted' || (err as NodeJS.ErrnoException).code === 'ECONNRESET'));
}

function localPort(c: Context<Env>): number {
  return c.env?.incoming?.socket?.localPort ?? 0;
}

function reject(c: Context, r: Rejection): Response {
  return c.json(r.message, r.status);
}

/** The JSON body, or a ready error response: 415 for another content type, 400 for broken JSON. */
async function readJson(c: Context): Promise<{ body: unknown } | Response> {
  const type = c.req.header('Content-Type') ?? '';
  // Requiring JSON keeps cross-site form posts (a "simple" request, no CORS preflight) out of write routes.
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    return c.json('Content-Type must be application/json', 415);
  }
  const text = await c.req.text();
  if (jsonDepthExceeds(text, JSON_MAX_DEPTH)) return c.json(MESSAGES.jsonTooDeep, 400);
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return c.json('Malformed JSON body', 400);
  }
}

function parseFields(raw: string | undefined): PatientField[] | Rejection {
  if (raw === undefined || raw === '') return patientFields.filter((f) => f !== 'flow_image');
  const out: PatientField[] = [];
  for (const f of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(patientFields as readonly string[]).includes(f)) return { status: 400, message: `Unknown field ${f}` };
    out.push(f as PatientField);
  }
  return out;
}

export function createApp(config: ServerConfig, store: Storage, log: Logger, distDir: string): PatientApp {
  const hub = new EventHub(store, config.heartbeatSeconds, (e) => log({ level: 'error', msg: 'event feed', error: String(e) }));
  const app = new Hono<Env>();
  let inFlight = 0;
  const readiness: PatientApp['readiness'] = { state: 'starting' };
  // X-Forwarded-For / -Proto only from --trusted-proxies: the client is the right-most untrusted hop.
  const trusted = new CidrList(config.trustedProxies);
  const clientOf = (c: Context<Env>) => resolveClient(trusted, clientAddress(c), c.req.header('X-Forwarded-For'));
  const sessions = createSessions(config, (c) => forwardedHttps(trusted, clientAddress(c as Context<Env>), c.req.header('X-Forwarded-Proto')));
  const prune = setInterval(() => {
    Promise.all([store.pruneEvents(eventsKept), store.pruneUploadKeys(24 * 3600_000), store.pruneMeasurements()]).catch((e: unknown) =>
      log({ level: 'error', msg: 'prune failed', error: String(e) }),
    );
  }, 60_000);
  prune.unref();

  app.use(async (c, next) => {
    const start = performance.now();
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      log({
        level: 'info',
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        // 499 (nginx's "client closed request"): the client left; nothing was answered, nothing broke.
        status: aborted(c) ? 499 : c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        client: clientOf(c),
      });
    }
  });
  app.use(secureHeaders());
  // Patient data is never kept by a browser or a shared cache; images and static files set their own.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('x-hono-already-sent') && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use(compression());
  app.use(ipAllowlist(new CidrList(config.allowedIps), clientOf));
  app.use(hostAllowlist(config, localPort));
  app.use(cors(config));
  app.use(rateLimit(config, clientOf));

  const limitBody = bodyLimit({
    maxSize: config.bodyLimit,
    onError: (c) => c.json(`Request body is larger than ${config.bodyLimit} bytes`, 413),
  });
  // The bearer token, or a session cookie from POST /session (writes: POST from this server's pages only).
  const auth = sessions.guard('write');
  // Reads need the token too when one is set (patients' names and MRNs), unless --public-reads.
  const readAuth = sessions.guard('read');
  sessions.mount(app);

  app.post(`/${ROUTES.addPatient}`, auth, limitBody, async (c) => {
    const parsed = await readJson(c);
    if (parsed instanceof Response) return parsed;
    const result = await addMeasurement(store, hub, config.imageLimit, parsed.body, c.req.header('Idempotency-Key'));
    if (!result.ok) return c.json(result.message, result.status);
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.answer, 200);
  });

  // Every screen asks for the whole list, images included, and it changes only on upload: the encoded
  // answer (and its compressed forms) is kept between writes while it fits --list-cache; a larger one
  // is streamed row by row from a snapshot, and one above --list-limit is refused.
  const listCache = new ListCache(store);
  const listCap = config.listLimitBytes > 0 ? Math.min(config.listCacheBytes, config.listLimitBytes) : config.listCacheBytes;
  const tooLarge = (c: Context, estimate: number) =>
    c.json(
      `The list is about ${Math.ceil(estimate / 1e6)} MB, above this server's --list-limit of ${Math.floor(config.listLimitBytes / 1e6)} MB: ` +
        'read /patients (images by URL) and /patients/<room>/images/<n> instead',
      400,
    );
  const streamed = async (c: Context, fields: readonly PatientField[], mrn?: number) => {
    if (config.listLimitBytes > 0) {
      const estimate = await store.estimateList();
      if (estimate > config.listLimitBytes) return tooLarge(c, estimate);
    }
    const res = c.body(streamList(store.listPieces(fields, mrn)), 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    uncompressed.add(res);
    return res;
  };
  app.get(`/${ROUTES.allPatients}`, readAuth, async (c) => {
    try {
      const cached = await listCache.get(listCap);
      if (!cached) return await streamed(c, legacyFields);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' };
      const encoding = cached.body.length > 1024 ? negotiate(c.req.header('Accept-Encoding')) : 'identity';
      if (encoding === 'identity') return c.body(cached.body as Uint8Array<ArrayBuffer>, 200, headers);
      const body = await listCache.compressed(cached.version, cached.body, encoding);
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': encoding });
    } catch (e) {
      log({ level: 'error', msg: 'get_all_patients failed', error: String(e) });
      return c.json('Could not read the patients', 400);
    }
  });

  const setPressure = async (c: Context, room: unknown, value: unknown) => {
    const v = await requestPressure(store, hub, room, value);
    return v.ok ? c.json(v.message, 200) : c.json(v.message, v.status);
  };
  if (config.legacyGetWrites) {
    app.get(`/${ROUTES.newPressure}/:room/:value`, auth, refuseCrossSiteGetWrites(config), (c) =>
      setPressure(c, c.req.param('room'), c.req.param('value')),
    );
  } else {
    app.get(`/${ROUTES.newPressure}/:room/:value`, (c) => {
      c.header('Allow', 'POST');
      return c.json('GET /new_cpap_pressure/<room>/<value> is turned off here: POST /new_cpap_pressure with JSON', 405);
    });
  }
  app.post(`/${ROUTES.newPressure}`, auth, limitBody, async (c) => {
    const parsed = await readJson(c);
    if (parsed instanceof Response) return parsed;
    const b = parsed.body;
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return c.json(MESSAGES.notDictionary, 400);
    const input = b as Record<string, unknown>;
    return setPressure(c, input.room_number, input.new_value ?? input.CPAP_pressure);
  });

  // MCP tools over the streamable HTTP transport, behind the write guard (its tools write).
  mountMcp(app, { config, store, hub, guard: auth });

  app.get(`/${ROUTES.cpapQuery}/:room`, readAuth, async (c) => {
    const room = toWireInteger(c.req.param('room'));
    if (room === undefined || !(await store.hasPatient(room))) return c.json(MESSAGES.patientNotFound, 400);
    // The old server answered 500 here when nothing was pending; null says "no request" without an error.
    return c.json(await store.pendingPressure(room), 200);
  });

  // Readable by any page (no data in it), so a page on another origin can tell a server that is up
  // but does not allow it (CORS) from one that is down.
  app.get(`/${ROUTES.health}`, (c) => c.json({ status: 'healthy', service: 'sleep-lab-api' }, 200, { 'Cross-Origin-Resource-Policy': 'cross-origin' }));
  // Liveness: the process answers. Readiness: the database was opened, migrated and checked at start,
  // still answers a query now, and the server is not shutting down (a balancer stops sending then).
  app.get(`/${ROUTES.health}/live`, (c) => c.json({ status: 'live' }, 200));
  app.get(`/${ROUTES.health}/ready`, async (c) => {
    if (readiness.state !== 'ready') return c.json({ status: readiness.state }, 503, { 'Retry-After': '1' });
    const check = await store.check(false);
    if (!check.ok) return c.json({ status: 'database unavailable', problem: check.problem }, 503);
    return c.json({ status: 'ready' }, 200);
  });

  if (config.events) {
    app.get(`/${ROUTES.events}`, readAuth, async (c) => {
      const roomParam = c.req.query('room');
      const room = roomParam === undefined ? null : toWireInteger(roomParam);
      if (room === undefined) return c.json('Bad value for room number', 400);
      const lastRaw = c.req.header('Last-Event-ID') ?? c.req.query('lastEventId');
      const last = lastRaw === undefined ? null : toWireInteger(lastRaw);
      if (last === undefined) return c.json('Bad value for Last-Event-ID', 400);
      await hub.open(c.env.outgoing, { ...securityHeaders, ...corsHeaders(config, c.req.header('Origin')) }, room, last);
      return RESPONSE_ALREADY_SENT;
    });
  }

  app.get(`/${ROUTES.patients}`, readAuth, async (c) => {
    const fields = parseFields(c.req.query('fields'));
    if (isRejection(fields)) return reject(c, fields);
    const mrnRaw = c.req.query('mrn');
    const mrn = mrnRaw === undefined ? undefined : toWireInteger(mrnRaw);
    if (mrnRaw !== undefined && mrn === undefined) return c.json('Bad value for mrn', 400);
    // Images inline: written row by row, never one string (see list.ts).
    if (fields.includes('flow_image')) return streamed(c, fields, mrn);
    const records = await store.list({ images: false, measurements: fields.some(isMeasurementField), mrn });
    return c.json(records.map((r) => pick(r, fields)), 200);
  });

  app.get(`/${ROUTES.patients}/:room`, readAuth, async (c) => {
    const room = toWireInteger(c.req.param('room'));
    const fields = parseFields(c.req.query('fields'));
    if (isRejection(fields)) return reject(c, fields);
    const record = room === undefined ? undefined : (await store.list({ images: fields.includes('flow_image'), room }))[0];
    if (!record) return c.json(MESSAGES.patientNotFound, 404);
    return c.json(pick(record, fields), 200);
  });

  app.get(`/${ROUTES.patients}/:room/images/:n`, async (c) => {
    const room = toWireInteger(c.req.param('room'));
    const n = toWireInteger(c.req.param('n'));
    const image = room === undefined || n === undefined ? null : await store.image(room, n);
    // The URL with the image's ?v= etag (132 random-looking bits, known only from a guarded read) is
    // its own credential: an <img> cannot send the token. Any other image request is a guarded read.
    if (!image || c.req.query('v') !== image.image_etag) {
      const refused = sessions.refusal(c, 'read');
      if (refused) return refused;
    }
    if (!image) return c.json('Image not found', 404);
    const etag = `"${image.image_etag}"`;
    const headers = {
      'Content-Type': image.image_type,
      ETag: etag,
      // The URL with ?v= names one image for good; the bare index can point at another patient's
      // image after the room changes hands, so it must revalidate.
      'Cache-Control': c.req.query('v') === image.image_etag ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(Buffer.from(image.flow_image, 'base64'), 200, headers);
  });

  // Flask answered 405 for a known path with the wrong method; keep that instead of a 404.
  const methods: [string, string][] = [
    [`/${ROUTES.addPatient}`, 'POST'],
    [`/${ROUTES.newPressure}`, 'POST'],
    [`/${ROUTES.allPatients}`, 'GET'],
    [`/${ROUTES.health}`, 'GET'],
    ['/session', 'POST'],
    ['/session/logout', 'POST'],
    ...(config.events ? [[`/${ROUTES.events}`, 'GET'] as [string, string]] : []),
    [`/${ROUTES.cpapQuery}/:room`, 'GET'],
    [`/${ROUTES.newPressure}/:room/:value`, 'GET'],
  ];
  for (const [route, allow] of methods) {
    app.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], route, (c) => {
      c.header('Allow', allow);
      return c.json('Method not allowed', 405);
    });
  }

  // Host pages load the self-contained build (no bundler between them and the library).
  const libDir = path.join(distDir, 'cdn');
  const demoDir = path.join(distDir, 'demo');
  app.get('/lib/*', (c) => serveFile(c, libDir, c.req.path.slice('/lib'.length)));
  app.get('/*', (c) => serveFile(c, demoDir, c.req.path));

  app.notFound((c) => c.json('Not found', 404));
  app.onError((err, c) => {
    if (aborted(c, err)) {
      log({ level: 'info', msg: 'aborted', path: c.req.path });
      return c.body(null, 400);
    }
    log({ level: 'error', msg: 'unhandled', path: c.req.path, error: String(err) });
    return c.json('Internal server error', 500);
  });

  return {
    app,
    hub,
    store,
    inFlight: () => inFlight,
    readiness,
    warm: async () => {
      await listCache.get(listCap);
    },
    close: () => {
      readiness.state = 'closing';
      clearInterval(prune);
      hub.closeAll();
    },
  };
}

function isMeasurementField(f: PatientField): boolean {
  return f !== 'room_number' && f !== 'patient_mrn' && f !== 'patient_name';
}

function pick(record: PatientRecord & { flow_image_url: unknown[] }, fields: readonly PatientField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    out[f] = f === 'measurement_count' ? record.timestamp.length : record[f];
  }
  return out;
}
