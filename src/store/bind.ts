import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createStore, type Store } from './store.ts';
import { emit, type StoreRequestDetail } from '../events.ts';

/**
 * Declarative binding: an element with `bind="key"` binds one of its properties to `key` of the
 * store provided by its nearest ancestor, or else to the page-level default store.
 *
 * Providing a store: `provideStore(ancestor, store)` (the dashboard does this in its constructor).
 * The element asks on connect with a bubbling, composed `da-store-request` event; the nearest
 * provider answers by filling `event.detail.store` and stopping propagation. A provider must be
 * in place before its children connect (define the provider's element first).
 *
 * Which value wins on connect: when the store already holds the key, the store's value (it
 * overrides a property the host set before connecting or before its upgrade); otherwise the
 * host's own value (its attribute, or a property set before connecting) is written to the store.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStore = Store<Record<string, any>>;

/** The detail of `da-store-request`, declared with every other event in ../events.ts. */
export type { StoreRequestDetail };

let defaultStore: AnyStore | undefined;

/** The page-level store used by `bind` when no ancestor provides one (created on first use). */
export function getDefaultStore(): AnyStore {
  return (defaultStore ??= createStore({}));
}

/** Replaces the page-level default store (call before elements connect). */
export function setDefaultStore<T extends object>(store: Store<T>): void {
  defaultStore = store as unknown as AnyStore;
}

/** Makes `store` the one that `bind` elements inside `provider` use. Returns a function to stop. */
export function provideStore<T extends object>(provider: EventTarget, store: Store<T>): () => void {
  const onRequest = (e: CustomEvent<StoreRequestDetail>) => {
    e.stopPropagation();
    e.detail.store = store as unknown as AnyStore;
  };
  provider.addEventListener('da-store-request', onRequest as EventListener);
  return () => provider.removeEventListener('da-store-request', onRequest as EventListener);
}

/** Finds the store for `el`: its nearest provider's, or the default store. */
export function requestStore(el: Element): AnyStore {
  const detail: StoreRequestDetail = {};
  emit(el, 'da-store-request', detail);
  return detail.store ?? getDefaultStore();
}

export interface BindOptions<H> {
  /** Writes the store's value into the host (store -> element). */
  read(host: H, value: unknown): void;
  /** Host event after which the element's value is written to the store; omit for read-only. */
  event?: string;
  /** The value the host contributes to the store. */
  write?(host: H): unknown;
}

/**
 * Used by our elements: reads the host's `bind` attribute on connect and keeps the host and the
 * store key in step. Without a `bind` attribute it does nothing.
 */
export class BindController<H extends ReactiveControllerHost & HTMLElement> implements ReactiveController {
  private stop: (() => void)[] = [];

  constructor(
    private readonly host: H,
    private readonly options: BindOptions<H>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const key = this.host.getAttribute('bind');
    if (!key) return;
    const store = requestStore(this.host);
    const { read, event, write } = this.options;
    const current = store.get(key);
    if (current !== undefined) {
      read(this.host, current);
      // A key the store already holds wins over the host's own value, also over a property set
      // before the host's upgrade, which Lit applies only in the first update: read it again then.
      if (!(this.host as { hasUpdated?: boolean }).hasUpdated) {
        void this.host.updateComplete.then(() => {
          const now = store.get(key);
          if (now !== undefined && this.host.isConnected) read(this.host, now);
        });
      }
    } else if (write) {
      // The host's own initial value (e.g. from its `value` attribute) is settled after its update.
      void this.host.updateComplete.then(() => {
        if (store.get(key) === undefined) store.set(key, write(this.host));
      });
    }
    this.stop.push(store.subscribe(key, (v) => read(this.host, v)));
    if (event && write) {
      const onEvent = (e: Event) => {
        if (e.target === this.host) store.set(key, write(this.host));
      };
      this.host.addEventListener(event, onEvent);
      this.stop.push(() => this.host.removeEventListener(event, onEvent));
    }
  }

  hostDisconnected(): void {
    this.stop.forEach((f) => f());
    this.stop = [];
  }
}
