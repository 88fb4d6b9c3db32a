/**
 * The patient lists that carry images inline (`GET /get_all_patients`, `/patients?fields=flow_image`),
 * written piece by piece from the storage (storage/list-json.ts renders them for both backends).
 * `ListCache` keeps the encoded `get_all_patients` answer (and its gzip/brotli forms) while the
 * storage's list version stays the same and it fits `--list-cache`; above that the answer is streamed
 * from a snapshot of its own, and above `--list-limit` it is refused.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { patientFields, type PatientField, type Storage } from './storage/index.ts';

/** `GET /get_all_patients`'s keys, in the old server's order: the stored record's, without what it added. */
export const legacyFields: readonly PatientField[] = patientFields.filter((f) => f !== 'flow_image_url' && f !== 'measurement_count');

/**
 * The list as a pull stream of ~64 KB byte chunks from the storage's snapshot (`listPieces`): the one
 * place its pieces are gathered and cut (the backends hand them on as written). Pulled as the client
 * drains it, so memory holds about one image at a time; the snapshot is released at the end or when
 * the client goes.
 */
export function streamList(pieces: AsyncGenerator<string | Buffer, void, undefined>): ReadableStream<Uint8Array> {
  const slice = 64 * 1024;
  let rest: Buffer | null = null;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // An image left over from the last pull goes out in 64 KB views of it (no copies).
          if (rest) {
            controller.enqueue(rest.subarray(0, slice));
            rest = rest.length > slice ? rest.subarray(slice) : null;
            return;
          }
          const out: Buffer[] = [];
          let size = 0;
          let done = false;
          while (size < slice) {
            const next = await pieces.next();
            if (next.done) {
              done = true;
              break;
            }
            const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
            if (b.length > slice) {
              rest = b;
              break;
            }
            out.push(b);
            size += b.length;
          }
          if (size > 0) controller.enqueue(out.length === 1 ? out[0]! : Buffer.concat(out, size));
          else if (rest) {
            controller.enqueue(rest.subarray(0, slice));
            rest = rest.length > slice ? rest.subarray(slice) : null;
          }
          if (done && !rest) controller.close();
        } catch (e) {
          await pieces.return(undefined).catch(() => undefined);
          controller.error(e);
        }
      },
      async cancel() {
        await pieces.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts among br, gzip and identity (q=0 refuses one). */
export function negotiate(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qp = params.map((s) => s.trim()).find((s) => s.startsWith('q='));
    q.set(name!.trim(), qp ? Number(qp.slice(2)) || 0 : 1);
  }
  const accepts = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Compresses off the main thread (zlib's pool); brotli at quality 5: near gzip's speed, smaller. */
export function compress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'gzip'
    ? gzip(body, { level: 6 })
    : brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      });
}

/**
 * `GET /get_all_patients` between writes: the encoded answer and, once asked for, its compressed
 * forms, keyed by the storage's list version (SQLite: this process's write counter, it is the only
 * writer; PostgreSQL: the newest event id and the row counts, which any instance's write changes).
 */
export class ListCache {
  private version = '';
  private body: Buffer | null = null;
  private encoded = new Map<'br' | 'gzip', Promise<Buffer>>();
  /** The build under way; requests arriving together for a new version share it. */
  private pending: { version: string; body: Promise<Buffer | null> } | null = null;

  constructor(private readonly storage: Storage) {}

  /** The cached answer for the current version, built when it fits `cap` bytes; null = stream it. */
  async get(cap: number): Promise<{ body: Buffer; version: string } | null> {
    const version = await this.storage.listVersion();
    if (this.version !== version) {
      if (this.pending?.version !== version) {
        const build = async () => {
          const body = (await this.storage.estimateList()) <= cap ? await this.storage.encodeList(legacyFields) : null;
          return body && body.length <= cap ? body : null;
        };
        this.pending = { version, body: build() };
      }
      const pending = this.pending;
      let body: Buffer | null;
      try {
        body = await pending.body;
      } finally {
        if (this.pending === pending) this.pending = null;
      }
      if (this.version !== version) {
        this.version = version;
        this.body = body;
        this.encoded = new Map();
      }
      return body ? { body, version } : null;
    }
    return this.body ? { body: this.body, version } : null;
  }

  /** The compressed form of the cached answer of `version`, computed once. */
  compressed(version: string, body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
    if (version !== this.version) return compress(body, encoding);
    let p = this.encoded.get(encoding);
    if (!p) {
      p = compress(body, encoding);
      this.encoded.set(encoding, p);
      p.catch(() => this.encoded.delete(encoding));
    }
    return p;
  }
}
