/**
 * The server's two writes, shared by the HTTP routes (app.ts) and the MCP tools (mcp.ts): the same
 * validation, storage, idempotency and events whichever door they come through.
 */
import type { EventHub } from './events.ts';
import type { Storage } from './storage/index.ts';
import { validateUpload } from './validate.ts';
import { checkPressureRequest, isRejection, UPLOAD_ANSWERS } from '../src/patient-api/contract.ts';

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export const WRITE_MESSAGES = {
  badIdempotencyKey: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
  idempotencyConflict: 'Idempotency-Key was already used for a different upload',
} as const;

export type UploadOutcome =
  | { ok: true; answer: (typeof UPLOAD_ANSWERS)[keyof typeof UPLOAD_ANSWERS]; replayed: boolean }
  | { ok: false; status: 400 | 413 | 422; message: string };

/** `POST /add_patient`'s work: check, store (once per idempotency key), publish the events. */
export async function addMeasurement(store: Storage, hub: EventHub, imageLimit: number, body: unknown, key: string | undefined): Promise<UploadOutcome> {
  const upload = validateUpload(body, imageLimit);
  if (isRejection(upload)) return { ok: false, status: upload.status, message: upload.message };
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) return { ok: false, status: 400, message: WRITE_MESSAGES.badIdempotencyKey };
  const result = await store.upload(upload, key);
  if (result.conflict) return { ok: false, status: 422, message: WRITE_MESSAGES.idempotencyConflict };
  hub.publish(result.events);
  return { ok: true, answer: result.created ? UPLOAD_ANSWERS.created : UPLOAD_ANSWERS.updated, replayed: Boolean(result.replayed) };
}

export type PressureOutcome = { ok: true; room: number; value: number; message: string } | { ok: false; status: 400 | 413; message: string };

/** A pressure request for a room: checked, stored, published. */
export async function requestPressure(store: Storage, hub: EventHub, room: unknown, value: unknown): Promise<PressureOutcome> {
  const v = checkPressureRequest(room, value);
  if (isRejection(v)) return { ok: false, status: v.status, message: v.message };
  hub.publish([await store.requestPressure(v.room, v.value)]);
  return { ok: true, room: v.room, value: v.value, message: `CPAP pressure for room ${v.room} set to ${v.value}` };
}
