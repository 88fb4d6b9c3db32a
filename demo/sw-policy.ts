// What the demo's service worker (demo/sw.ts) must never keep: the patient API's paths. Its own
// module so that the Node tests check the same rule the worker applies.
import { ROUTES } from '../src/patient-api/contract.ts';

/**
 * First path segments that carry patient data or sessions, never cached: the contract's routes
 * (`/get_all_patients`, `/patients/...` and its images, `/add_patient`, `/events`, ...) and the
 * reference server's own (`/mcp`, `/session`).
 */
export const PATIENT_SEGMENTS: readonly string[] = [...Object.values(ROUTES), 'mcp', 'session', 'images'];

/** True for a path from the app's root (`/patients/3`, `patients/3` or `./patients/3`) that reaches the patient API. */
export function isPatientPath(path: string): boolean {
  const first = path.replace(/^\.?\/+/, '').split(/[/?#]/)[0];
  return PATIENT_SEGMENTS.includes(first);
}

/** The cache names of this app start with this; a new build's cache replaces the others on activate. */
export const CACHE_PREFIX = 'data-app-elements-shell-';
