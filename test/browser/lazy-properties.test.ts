// Properties set before an element is defined (upgrade) or before it connects and first renders
// (React 19, plain JS: create, set properties, append) are kept, for every element and the dashboard.
//
// Upgrade needs the real tags undefined when the instances are made: this file imports no define
// module statically (modules are cached per page, so each is imported once, by its first test, after
// its instances were made). The order of the tests matters: the upgrade tests come first, and the
// dashboard's last (its module defines every element).
import { getDefaultStore } from '../../src/store/bind.ts';
import { ok, equal, deepEqual, cleanup, settle, sleep } from './assert.ts';

/**
 * Every element folder and the tags its define.ts defines: test/node/lazy-properties.test.ts holds
 * this list to scripts/elements.js, so a new element fails until it has a case here.
 */
const ELEMENTS: Record<string, readonly string[]> = {
  expander: ['da-expander'],
  'file-uploader': ['da-file-uploader'],
  'flow-chart': ['da-flow-chart'],
  'metric-card': ['da-metric-card'],
  tabs: ['da-tab', 'da-tab-panel', 'da-tabs'],
  'text-input': ['da-text-input'],
};

const DEFINE: Record<string, () => Promise<unknown>> = {
  expander: () => import('../../src/elements/expander/define.ts'),
  'file-uploader': () => import('../../src/elements/file-uploader/define.ts'),
  'flow-chart': () => import('../../src/elements/flow-chart/define.ts'),
  'metric-card': () => import('../../src/elements/metric-card/define.ts'),
  tabs: () => import('../../src/elements/tabs/define.ts'),
  'text-input': () => import('../../src/elements/text-input/define.ts'),
  dashboard: () => import('../../src/dashboard/define.ts'),
};

/** Nothing listens here: requests fail at once with "connection refused". */
const UNREACHABLE = 'http://127.0.0.1:9/';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = HTMLElement & Record<string, any>;
type Props = Record<string, unknown>;

interface Case {
  tag: string;
  /** Every public settable property, with values that differ from the defaults (fresh per call). */
  props(n: number): Props;
  /** Light-DOM children, made (and given properties) at the same time as the element. */
  children?(): HTMLElement[];
  /** Asserts what the element shows (its properties are compared by `kept`). */
  shows(el: El, props: Props): void | Promise<void>;
  /** With `bind="key"`: the bound property, a store value unlike the case's, and how to compare values. */
  bind?: { prop: string; stored: unknown; writes: boolean; view?(value: unknown): unknown };
}

const shadow = (el: Element, selector: string): HTMLElement => {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  ok(found, `no ${selector} in <${el.localName}>`);
  return found;
};
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

function make(tag: string, props: Props, children: HTMLElement[] = []): El {
  const el = document.createElement(tag) as El;
  Object.assign(el, props);
  el.append(...children);
  return el;
}

async function until(what: string, test: () => boolean, ms = 10000): Promise<void> {
  const end = performance.now() + ms;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const series = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

const CASES: Record<string, Case> = {
  expander: {
    tag: 'da-expander',
    props: () => ({ summary: 'More details', open: true, eager: true, disabled: true }),
    children: () => [make('p', { textContent: 'Inside' })],
    shows(el) {
      const header = shadow(el, '[part=header]') as HTMLButtonElement;
      equal(header.getAttribute('aria-expanded'), 'true');
      ok(header.disabled, 'header disabled');
      equal(text(shadow(el, '[part=summary]')), 'More details');
      ok(!shadow(el, '[part=content]').hidden, 'content shown');
      ok(el.shadowRoot!.querySelector('[part=content] slot'), 'content rendered');
      ok(el.hasAttribute('open'), 'open reflected');
    },
    bind: { prop: 'open', stored: false, writes: true },
  },
  'file-uploader': {
    tag: 'da-file-uploader',
    props: () => ({
      label: 'Recording',
      accept: '.txt',
      multiple: true,
      maxSize: 2048,
      busy: true,
      progress: 0.5,
      progressLabel: 'Reading',
      name: 'recording',
      required: true,
      disabled: false,
      files: [new File(['abc'], 'a.txt', { type: 'text/plain' }), new File(['de'], 'b.txt', { type: 'text/plain' })],
    }),
    shows(el) {
      equal(text(shadow(el, '[part=label]')), 'Recording');
      deepEqual([...el.shadowRoot!.querySelectorAll('[part=file-name]')].map(text), ['a.txt', 'b.txt']);
      equal((shadow(el, '[part=progress-bar]') as HTMLProgressElement).value, 0.5);
      ok(shadow(el, '[part=progress-bar]').getAttribute('aria-label')!.startsWith('Reading'));
      ok(text(shadow(el, '[part=hint]')).includes('.txt'), 'accept in the hint');
      equal(shadow(el, 'input[type=file]').getAttribute('accept'), '.txt');
      ok(el.checkValidity(), 'required and has files');
    },
    bind: { prop: 'files', stored: [new File(['x'], 'x.txt')], writes: true, view: (v) => (v as File[]).map((f) => f.name) },
  },
  'flow-chart': {
    tag: 'da-flow-chart',
    props: (n) => {
      const time = series(100, (i) => i / 10);
      const flow = series(100, (i) => Math.sin(i / 5) / 1000);
      const columns = n % 2 ? { data: { time, flow } } : { time, flow };
      return {
        ...columns,
        envelope: { time: series(10, (i) => i), min: series(10, () => -0.001), max: series(10, () => 0.001) },
        breathTimes: [1, 3, 5],
        apneaSpans: [[6, 8]],
        xLabel: 'Seconds',
        yLabel: 'Litres',
        label: 'Night flow',
        loading: false,
        theme: 'dark',
      };
    },
    async shows(el, props) {
      const data = (props.data ?? props) as { time: Float64Array; flow: Float64Array };
      equal(el.time, data.time);
      equal(el.flow, data.flow);
      const label = shadow(el, '[part=plot]').getAttribute('aria-label')!;
      ok(label.startsWith('Night flow: 100 samples'), label);
      ok(label.includes('3 breaths') && label.includes('1 apnea spans'), label);
      equal(el.getAttribute('theme'), 'dark');
      await until('the chart to draw', () => !!el.chart);
      ok(el.chart.data[0].length > 0, 'the chart holds data');
    },
  },
  'metric-card': {
    tag: 'da-metric-card',
    props: () => ({
      label: 'AHI',
      value: 7.24,
      unit: 'events/h',
      precision: 1,
      placeholder: 'None yet',
      delta: -1.5,
      deltaDirection: 'down',
      inverse: true,
      alert: false,
      alertThreshold: 5,
      alertBelow: false,
      alertText: 'High',
    }),
    shows(el) {
      equal(text(shadow(el, '[part=label]')), 'AHI');
      equal(text(shadow(el, '[part=value]')), '7.2 events/h');
      ok(text(shadow(el, '[part=delta]')).includes('−1.5') || text(shadow(el, '[part=delta]')).includes('-1.5'));
      ok(shadow(el, '[part=delta]').classList.contains('good'), 'down is good when inverse');
      equal(text(shadow(el, '[part=alert]')), 'High');
      ok(el.matches(':state(alert)'), 'alerting at the threshold');
    },
    bind: { prop: 'value', stored: 3, writes: false },
  },
  tabs: {
    tag: 'da-tabs',
    props: () => ({ selected: 'b', label: 'Views' }),
    // Children's properties (not attributes) set before they are defined too.
    children: () => [
      make('da-tab', { panel: 'a', textContent: 'A' }),
      make('da-tab', { panel: 'b', textContent: 'B' }),
      make('da-tab', { panel: 'c', disabled: true, textContent: 'C' }),
      make('da-tab-panel', { name: 'a', textContent: 'panel a' }),
      make('da-tab-panel', { name: 'b', textContent: 'panel b' }),
      make('da-tab-panel', { name: 'c', eager: true, textContent: 'panel c' }),
    ],
    shows(el) {
      const [a, b, c, pa, pb, pc] = [...el.children] as El[];
      equal(a.panel, 'a');
      equal(c.disabled, true);
      equal(pb.name, 'b');
      equal(pc.eager, true);
      equal(b.getAttribute('aria-selected'), 'true');
      equal(a.getAttribute('aria-selected'), 'false');
      equal(c.getAttribute('aria-disabled'), 'true');
      ok(!pb.hidden && pa.hidden && pc.hidden, 'only panel b shown');
      ok(pb.active, 'panel b active');
      ok(pc.shadowRoot!.querySelector('[part=base]'), 'the eager panel rendered while hidden');
      equal(shadow(el, '[part=tablist]').getAttribute('aria-label'), 'Views');
    },
    bind: { prop: 'selected', stored: 'a', writes: true },
  },
  'text-input': {
    tag: 'da-text-input',
    props: () => ({
      value: '12',
      defaultValue: '10',
      label: 'Pressure',
      placeholder: 'cmH2O',
      helpText: 'Whole number',
      type: 'search',
      kind: 'integer',
      min: 4,
      max: 25,
      minlength: 1,
      maxlength: 3,
      pattern: '[0-9]+',
      readonly: true,
      autocomplete: 'off',
      name: 'pressure',
      required: true,
      disabled: false,
    }),
    shows(el) {
      const input = shadow(el, 'input') as HTMLInputElement;
      equal(input.value, '12');
      equal(input.type, 'search');
      equal(input.placeholder, 'cmH2O');
      equal(input.maxLength, 3);
      ok(input.readOnly && input.required && !input.disabled, 'readonly, required, enabled');
      equal(input.inputMode, 'numeric');
      equal(input.autocomplete, 'off');
      ok(text(shadow(el, 'label')).startsWith('Pressure'));
      equal(text(shadow(el, '[part=help-text]')), 'Whole number');
      ok(el.checkValidity(), 'valid');
      equal(el.typedValue, 12);
      // The `value` attribute (defaultValue) is what form.reset() restores.
      el.formResetCallback();
      equal(el.value, '10');
    },
    bind: { prop: 'value', stored: '20', writes: true },
  },
};

/** The properties read back as they were set (the uploader's `files` is a copy: compared by name). */
function kept(el: El, props: Props): void {
  for (const [key, value] of Object.entries(props)) {
    if (key === 'files') deepEqual((el.files as File[]).map((f) => f.name), (value as File[]).map((f) => f.name), key);
    else if (key === 'data') equal(el.data, value, key);
    else if (Array.isArray(value)) deepEqual(el[key], value, key);
    else equal(el[key], value, `<${el.localName}>.${key} is ${String(el[key])}, not ${String(value)}`);
  }
}

/** Keeps `value` of text inputs out of the comparison once `shows` reset the field. */
function propsAfter(c: Case, props: Props): Props {
  if (c.tag !== 'da-text-input') return props;
  const { value: _, ...rest } = props;
  return rest;
}

async function check(c: Case, el: El, props: Props): Promise<void> {
  await settle(el);
  await el.updateComplete;
  kept(el, props);
  await c.shows(el, props);
  kept(el, propsAfter(c, props));
}

let counter = 0;
function instance(c: Case): { el: El; props: Props } {
  const props = c.props(++counter);
  return { el: make(c.tag, props, c.children?.() ?? []), props };
}

/**
 * Two bound instances of `c` with its properties set: `held` binds to a key the store holds (the
 * store's value wins), `free` to a key it lacks (the property is written to the store).
 */
function bound(c: Case) {
  const spec = c.bind!;
  const view = spec.view ?? ((v: unknown) => v);
  const store = getDefaultStore();
  const keys = { held: `lazy-held-${++counter}`, free: `lazy-free-${counter}` };
  store.set(keys.held, spec.stored);
  const held = instance(c);
  const free = instance(c);
  held.el.setAttribute('bind', keys.held);
  free.el.setAttribute('bind', keys.free);
  return {
    els: [held.el, free.el],
    async check(): Promise<void> {
      await settle(held.el);
      await settle(free.el);
      await sleep();
      await settle(held.el);
      deepEqual(view(held.el[spec.prop]), view(spec.stored), `<${c.tag} bind>: the store's value wins`);
      deepEqual(view(free.el[spec.prop]), view(free.props[spec.prop]), `<${c.tag} bind>: the property is kept`);
      if (spec.writes) deepEqual(view(store.get(keys.free)), view(free.props[spec.prop]), `<${c.tag} bind>: written to the store`);
      else equal(store.get(keys.free), undefined);
    },
  };
}

/** Waits for the dashboard and every element in its shadow root. */
async function settleShadow(el: El): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    const inner = [...el.shadowRoot!.querySelectorAll('*')] as El[];
    await Promise.all(inner.map((e) => e.updateComplete));
  }
}

describe('lazy properties', () => {
  afterEach(cleanup);

  describe('set before the element is defined (upgrade)', () => {
    for (const name of Object.keys(ELEMENTS)) {
      it(`${name}: kept when upgraded on connect and when upgraded while connected`, async () => {
        const c = CASES[name];
        ok(c, `no case for ${name}`);
        for (const tag of ELEMENTS[name]!) equal(customElements.get(tag), undefined, `${tag} is not defined yet`);
        const onConnect = instance(c); // upgraded when appended, after the definition
        const whileConnected = instance(c); // in the document when the definition arrives
        const binds = c.bind ? bound(c) : null;
        equal(onConnect.el.constructor, HTMLElement, 'not upgraded');
        document.body.append(whileConnected.el, ...(binds?.els ?? []));
        await DEFINE[name]!();
        for (const tag of ELEMENTS[name]!) ok(customElements.get(tag), `${tag} defined by ${name}/define.ts`);
        ok(whileConnected.el.constructor !== HTMLElement, 'upgraded by the definition');
        equal(onConnect.el.constructor, HTMLElement, 'not connected, so not upgraded yet');
        document.body.append(onConnect.el);
        ok(onConnect.el.constructor !== HTMLElement, 'upgraded on connect');
        await check(c, whileConnected.el, whileConnected.props);
        await check(c, onConnect.el, onConnect.props);
        await binds?.check();
      });
    }
  });

  describe('set after the definition, before connecting or before the first render', () => {
    for (const name of Object.keys(ELEMENTS)) {
      it(`${name}: create, set, append (React's order); append, then set at once`, async () => {
        const c = CASES[name]!;
        await DEFINE[name]!();
        const before = instance(c);
        const binds = c.bind ? bound(c) : null;
        document.body.append(before.el, ...(binds?.els ?? []));
        await check(c, before.el, before.props);
        await binds?.check();

        const el = document.createElement(c.tag) as El;
        el.append(...(c.children?.() ?? []));
        document.body.append(el);
        const props = c.props(++counter);
        Object.assign(el, props);
        await check(c, el, props);
      });
    }
  });

  describe('cpap-dashboard', () => {
    const KEY = 'cpap-dashboard:lazy-dashboard';
    afterEach(() => localStorage.removeItem(KEY));
    const props = (): Props => ({
      apiUrl: UNREACHABLE,
      token: 'secret',
      theme: 'dark',
      storeKey: 'lazy-dashboard',
      persist: 'local',
      heading: 'Night ward',
    });
    async function shows(el: El, p: Props): Promise<void> {
      await settleShadow(el);
      kept(el, p);
      equal(text(shadow(el, 'h2')), 'Night ward');
      ok(text(shadow(el, '.server')).includes('127.0.0.1:9'), text(shadow(el, '.server')));
      equal(el.getAttribute('theme'), 'dark');
      equal(shadow(el, 'da-flow-chart').getAttribute('theme'), 'dark');
      equal(el.stateKey, 'lazy-dashboard');
      // The store was opened under `store-key`, kept in localStorage (`persist`): it holds the saved form.
      equal(el.store.get('patientName'), 'Saved patient');
      const name = shadow(el, 'da-text-input[bind=patientName]') as El;
      equal((shadow(name, 'input') as HTMLInputElement).value, 'Saved patient');
      el.store.set('room', '7');
      await sleep();
      equal(JSON.parse(localStorage.getItem(KEY)!).room, '7');
    }

    it('set before the upgrade, before connecting, and before the first render', async () => {
      localStorage.setItem(KEY, JSON.stringify({ patientName: 'Saved patient' }));
      equal(customElements.get('cpap-dashboard'), undefined, 'cpap-dashboard is not defined yet');
      const upgraded = make('cpap-dashboard', props());
      document.body.append(upgraded);
      await DEFINE.dashboard!();
      ok(upgraded.constructor !== HTMLElement, 'upgraded');
      await shows(upgraded, props());
      upgraded.remove();

      const before = make('cpap-dashboard', props());
      document.body.append(before);
      await shows(before, props());
      before.remove();

      const after = document.createElement('cpap-dashboard') as El;
      document.body.append(after);
      Object.assign(after, props());
      await shows(after, props());
    });

    it('every tag of scripts/elements.js is defined, with the dashboard', () => {
      for (const tag of [...Object.values(ELEMENTS).flat(), 'cpap-dashboard']) ok(customElements.get(tag), tag);
      deepEqual(Object.keys(DEFINE).sort(), [...Object.keys(ELEMENTS), 'dashboard'].sort());
      deepEqual(Object.keys(CASES).sort(), Object.keys(ELEMENTS).sort());
    });
  });
});
