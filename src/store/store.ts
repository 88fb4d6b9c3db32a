/**
 * A tiny state store (nanostores-like): typed keys, batched notification in subscription order,
 * derived keys, optional persistence and cross-tab sync. Kept under 1 KB min+gzip
 * (`node scripts/size.js`, run by the build); DOM binding lives in `bind.ts`, the Lit controller in `controller.ts`.
 */

export type Listener<T, K extends keyof T> = (value: T[K], key: K) => void;
export type AllListener<T> = (state: Readonly<T>, changed: (keyof T)[]) => void;

export interface StoreOptions {
  /** Saves the state (JSON) to sessionStorage or localStorage and reloads it on creation. */
  persist?: { key: string; storage?: 'session' | 'local' };
  /** Broadcasts local changes to stores with the same channel name (other tabs, same page). */
  sync?: string;
}

export interface Store<T extends object> {
  /** The whole state (read-only snapshot). */
  get(): Readonly<T>;
  get<K extends keyof T>(key: K): T[K];
  set<K extends keyof T>(key: K, value: T[K]): void;
  set(partial: Partial<T>): void;
  /** Calls `cb(value, key)` after `key` changed (once per batch); not called on subscribe. */
  subscribe<K extends keyof T>(key: K, cb: Listener<T, K>): () => void;
  /** Calls `cb(state, changedKeys)` once per batch in which anything changed. */
  subscribe(cb: AllListener<T>): () => void;
  /** Keeps `key` equal to `fn(...deps values)`, recomputed synchronously when a dep changes. */
  derive<K extends keyof T, D extends (keyof T)[]>(key: K, deps: [...D], fn: (...values: { [I in keyof D]: T[D[I]] }) => T[K]): void;
  /** Stops sync (closes the BroadcastChannel). */
  close(): void;
}

type Entry = [key: PropertyKey | null, cb: Function];

export function createStore<T extends object>(initial: T, options: StoreOptions = {}): Store<T> {
  const { persist, sync } = options;
  const storage = persist && (persist.storage == 'local' ? localStorage : sessionStorage);
  let state = { ...initial } as T;
  const saved = storage && storage.getItem(persist.key);
  if (saved) state = { ...state, ...JSON.parse(saved) };
  let listeners: Entry[] = [];
  const derivations: [PropertyKey, PropertyKey[], Function][] = [];
  let pending = new Set<keyof T>();
  let outgoing: Partial<T> = {};
  const channel = sync ? new BroadcastChannel(sync) : null;

  const apply = (partial: Partial<T>, remote?: boolean) => {
    for (const k in partial) {
      if (Object.is(state[k], partial[k])) continue;
      if (!pending.size) queueMicrotask(flush);
      state = { ...state, [k]: partial[k] };
      pending.add(k);
      if (!remote) outgoing[k] = partial[k];
      for (const [dk, deps, fn] of derivations) {
        if (deps.includes(k)) apply({ [dk]: fn(...deps.map((d) => state[d as keyof T])) } as Partial<T>, remote);
      }
    }
  };

  const flush = () => {
    const changed = [...pending];
    pending = new Set();
    if (channel && Object.keys(outgoing).length) channel.postMessage(outgoing);
    outgoing = {};
    if (storage) storage.setItem(persist.key, JSON.stringify(state));
    for (const [key, cb] of listeners) {
      if (key == null) cb(state, changed);
      else if (changed.includes(key as keyof T)) cb(state[key as keyof T], key);
    }
  };

  if (channel) channel.onmessage = (e) => apply(e.data, true);

  const on = (key: PropertyKey | null, cb: Function) => {
    const entry: Entry = [key, cb];
    listeners = [...listeners, entry];
    return () => {
      listeners = listeners.filter((l) => l != entry);
    };
  };

  return {
    get: ((key?: keyof T) => (key === undefined ? state : state[key])) as Store<T>['get'],
    set: ((a: keyof T | Partial<T>, v?: unknown) =>
      apply(typeof a == 'object' ? a : ({ [a]: v } as Partial<T>))) as Store<T>['set'],
    subscribe: ((a: unknown, cb?: Function) =>
      typeof a == 'function' ? on(null, a) : on(a as PropertyKey, cb!)) as Store<T>['subscribe'],
    derive(key, deps, fn) {
      derivations.push([key, deps, fn]);
      apply({ [key]: fn(...(deps.map((d) => state[d]) as never)) } as unknown as Partial<T>);
    },
    close: () => channel?.close(),
  };
}
