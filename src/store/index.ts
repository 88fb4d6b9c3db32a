export { createStore } from './store.ts';
export type { Store, StoreOptions, Listener, AllListener } from './store.ts';
export { StoreController } from './controller.ts';
export { getDefaultStore, setDefaultStore, provideStore, requestStore, BindController } from './bind.ts';
export type { AnyStore, BindOptions } from './bind.ts';
// The event catalogue's types (and its GlobalEventHandlersEventMap augmentation) ship with this entry.
export type { DaEventMap, DaEventName, StoreRequestDetail } from '../events.ts';
