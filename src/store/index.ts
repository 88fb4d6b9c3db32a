export { createStore } from './store.ts';
export type { Store, StoreOptions, Listener, AllListener } from './store.ts';
export { StoreController } from './controller.ts';
export { getDefaultStore, setDefaultStore, provideStore, requestStore, BindController } from './bind.ts';
export type { AnyStore, BindOptions, StoreRequestDetail } from './bind.ts';
