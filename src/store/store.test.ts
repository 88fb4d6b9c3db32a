import { createStore } from './store.ts';
import { StoreController } from './controller.ts';
import { LitElement, html } from 'lit';
import { equal, deepEqual, ok, sleep } from '../../test/browser/assert.ts';

const tick = () => Promise.resolve();

describe('store', () => {
  describe('get/set', () => {
    it('gets the whole state and single keys', () => {
      const s = createStore({ a: 1, b: 'x' });
      equal(s.get('a'), 1);
      deepEqual(s.get(), { a: 1, b: 'x' });
    });
    it('sets one key or a partial object, synchronously visible', () => {
      const s = createStore({ a: 1, b: 'x' });
      s.set('a', 2);
      equal(s.get('a'), 2);
      s.set({ a: 3, b: 'y' });
      deepEqual(s.get(), { a: 3, b: 'y' });
    });
    it('does not mutate the initial object', () => {
      const init = { a: 1 };
      createStore(init).set('a', 5);
      equal(init.a, 1);
    });
  });

  describe('subscriptions', () => {
    it('notifies in subscription order across keys and subscribe-all', async () => {
      const s = createStore({ a: 1, b: 2 });
      const calls: string[] = [];
      s.subscribe('b', () => calls.push('b1'));
      s.subscribe(() => calls.push('all'));
      s.subscribe('a', () => calls.push('a1'));
      s.subscribe('b', () => calls.push('b2'));
      s.set({ a: 10, b: 20 });
      await tick();
      deepEqual(calls, ['b1', 'all', 'a1', 'b2']);
    });
    it('batches several sets into one notification per listener (microtask)', async () => {
      const s = createStore({ a: 1, b: 2 });
      const seen: number[] = [];
      const changedSets: string[][] = [];
      s.subscribe('a', (v) => seen.push(v));
      s.subscribe((_state, changed) => changedSets.push(changed as string[]));
      s.set('a', 2);
      s.set('a', 3);
      s.set('b', 4);
      equal(seen.length, 0, 'not notified synchronously');
      await tick();
      deepEqual(seen, [3]);
      deepEqual(changedSets, [['a', 'b']]);
    });
    it('skips unchanged values and stops after unsubscribe', async () => {
      const s = createStore({ a: 1 });
      let n = 0;
      const off = s.subscribe('a', () => n++);
      s.set('a', 1);
      await tick();
      equal(n, 0);
      s.set('a', 2);
      await tick();
      equal(n, 1);
      off();
      s.set('a', 3);
      await tick();
      equal(n, 1);
    });
  });

  describe('derived', () => {
    it('recomputes a derived key synchronously and notifies it', async () => {
      const s = createStore({ apnea: 0, alert: false, label: '' });
      s.derive('alert', ['apnea'], (apnea) => apnea >= 2);
      s.derive('label', ['apnea', 'alert'], (apnea, alert) => `${apnea}${alert ? '!' : ''}`);
      equal(s.get('alert'), false);
      const seen: boolean[] = [];
      s.subscribe('alert', (v) => seen.push(v));
      s.set('apnea', 3);
      equal(s.get('alert'), true);
      equal(s.get('label'), '3!');
      await tick();
      deepEqual(seen, [true]);
    });
  });

  describe('persistence', () => {
    it('saves to sessionStorage and reloads', async () => {
      sessionStorage.removeItem('t-persist');
      const a = createStore({ n: 1, s: 'a' }, { persist: { key: 't-persist', storage: 'session' } });
      a.set('n', 42);
      await tick();
      deepEqual(JSON.parse(sessionStorage.getItem('t-persist')!), { n: 42, s: 'a' });
      const b = createStore({ n: 1, s: 'a' }, { persist: { key: 't-persist', storage: 'session' } });
      equal(b.get('n'), 42);
      sessionStorage.removeItem('t-persist');
    });
    it('saves to localStorage', async () => {
      localStorage.removeItem('t-persist-l');
      const a = createStore({ n: 1 }, { persist: { key: 't-persist-l', storage: 'local' } });
      a.set('n', 7);
      await tick();
      equal(createStore({ n: 0 }, { persist: { key: 't-persist-l', storage: 'local' } }).get('n'), 7);
      localStorage.removeItem('t-persist-l');
    });
  });

  describe('cross-tab sync', () => {
    it('two BroadcastChannel-connected stores see each other\'s changes, without echo', async () => {
      const name = `t-sync-${Math.random()}`;
      const a = createStore({ n: 0, m: 0 }, { sync: name });
      const b = createStore({ n: 0, m: 0 }, { sync: name });
      let bNotified = 0;
      let aNotified = 0;
      b.subscribe('n', () => bNotified++);
      a.subscribe(() => aNotified++);
      a.set('n', 5);
      await sleep(50);
      equal(b.get('n'), 5);
      equal(bNotified, 1);
      equal(aNotified, 1, 'a is not notified again by an echo');
      b.set('m', 9);
      await sleep(50);
      equal(a.get('m'), 9);
      a.close();
      b.close();
    });
  });

  describe('StoreController', () => {
    it('re-renders its host when the key changes', async () => {
      const store = createStore({ name: 'Ann' });
      class StoreHost extends LitElement {
        c = new StoreController(this, store, 'name');
        override render() {
          return html`<span>${this.c.value}</span>`;
        }
      }
      customElements.define('t-store-host', StoreHost);
      const el = document.createElement('t-store-host') as StoreHost;
      document.body.append(el);
      await el.updateComplete;
      equal(el.shadowRoot!.querySelector('span')!.textContent, 'Ann');
      el.c.set('Bob');
      await tick();
      await el.updateComplete;
      equal(el.shadowRoot!.querySelector('span')!.textContent, 'Bob');
      el.remove();
      ok(true);
    });
  });
});
