import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Store } from './store.ts';

/**
 * Binds a Lit element to one key of a store: `value` reads it, `set()` writes it, and the host
 * re-renders after the key changes while connected.
 *
 * ```ts
 * private pressure = new StoreController(this, store, 'pressure');
 * render() { return html`${this.pressure.value}`; }
 * ```
 */
export class StoreController<T extends object, K extends keyof T> implements ReactiveController {
  private unsubscribe?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly store: Store<T>,
    readonly key: K,
  ) {
    host.addController(this);
  }

  get value(): T[K] {
    return this.store.get(this.key);
  }

  set(value: T[K]): void {
    this.store.set(this.key, value);
  }

  hostConnected(): void {
    this.unsubscribe = this.store.subscribe(this.key, () => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
