/** Minimal assertions for browser tests (no chai in this project). */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function ok(value: unknown, message = `expected truthy, got ${String(value)}`): asserts value {
  if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(message ?? `expected ${e}, got ${a}`);
}

/** Resolves after `ms` milliseconds (default: next macrotask). */
export const sleep = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves with the next event of `type` on `target`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

/** Creates a fixture from an HTML string (test-authored markup only), attaches it, waits for Lit. */
export async function fixture<T extends Element>(html: string): Promise<T> {
  const host = document.createElement('div');
  const tpl = document.createElement('template');
  tpl.innerHTML = html; // test markup, never data
  host.append(tpl.content);
  document.body.append(host);
  const el = host.firstElementChild as T;
  await settle(host);
  return el;
}

/** Waits for every Lit element under `root` (and `root` itself) to finish updating. */
export async function settle(root: Element): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const all = [root, ...root.querySelectorAll('*')] as (Element & { updateComplete?: Promise<unknown> })[];
    await Promise.all(all.map((e) => e.updateComplete));
  }
}

/** Removes every fixture container added by `fixture`. */
export function cleanup(): void {
  document.body.replaceChildren();
}

/** Sends a KeyboardEvent to `target` (synthetic, for keyboard handlers). */
export function key(target: Element, keyName: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: keyName, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(e);
  return e;
}

/** What `p` rejects with; fails when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new AssertionError('expected a rejection');
}
