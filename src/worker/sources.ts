/** Turns any `CpapSource` into a stream of byte chunks plus its size when known. DOM-free. */
import { readStreamChunks } from '../core/analyze.ts';
import type { CpapSource } from './protocol.ts';

export interface ByteSource {
  chunks: AsyncIterable<Uint8Array>;
  totalBytes?: number;
}

const SLICE = 1 << 20;
/** Blobs are read in large slices, the next one requested while the current one is parsed. */
const BLOB_SLICE = 4 << 20;

async function* readBlob(blob: Blob): AsyncGenerator<Uint8Array> {
  let next: Promise<ArrayBuffer> | null = blob.size > 0 ? blob.slice(0, BLOB_SLICE).arrayBuffer() : null;
  for (let offset = 0; next; ) {
    const current = await next;
    offset += current.byteLength;
    next = offset < blob.size ? blob.slice(offset, offset + BLOB_SLICE).arrayBuffer() : null;
    yield new Uint8Array(current);
  }
}

async function* sliceBytes(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += SLICE) yield bytes.subarray(i, Math.min(bytes.length, i + SLICE));
}

export async function openSource(source: CpapSource): Promise<ByteSource> {
  if (source instanceof Uint8Array) return { chunks: sliceBytes(source), totalBytes: source.length };
  if (source instanceof ArrayBuffer) return { chunks: sliceBytes(new Uint8Array(source)), totalBytes: source.byteLength };
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return { chunks: readBlob(source), totalBytes: source.size };
  }
  const url = String(source);
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  const length = Number(response.headers.get('content-length'));
  return { chunks: readStreamChunks(response.body), totalBytes: length > 0 ? length : undefined };
}
