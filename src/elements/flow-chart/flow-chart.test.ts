import './define.ts';
import type { DaFlowChart } from './flow-chart.ts';
import { MinMaxPyramid, envelopeByTime, envelopeToLine } from './decimate.ts';
import { ok, equal, nextEvent, sleep, key, cleanup } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';
import { render } from 'lit';
import * as stories from '../../../stories/flow-chart.stories.ts';
import { seededRandom } from '../../core/synthetic.ts';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
const rng = seededRandom;

function signal(n: number, hz = 100): { time: Float64Array; flow: Float64Array } {
  const time = new Float64Array(n);
  const flow = new Float64Array(n);
  const rand = rng(7);
  for (let i = 0; i < n; i++) {
    time[i] = i / hz;
    flow[i] = 0.0005 * Math.sin((2 * Math.PI * time[i]!) / 4) + 0.00002 * (rand() - 0.5);
  }
  return { time, flow };
}

async function mount(props: Partial<DaFlowChart> = {}, width = 600, height = 300): Promise<DaFlowChart> {
  const el = document.createElement('da-flow-chart');
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
  Object.assign(el, props);
  const drawn = props.time || props.data || props.envelope ? nextEvent(el, 'da-draw') : null;
  document.body.append(el);
  await el.updateComplete;
  if (drawn) await drawn;
  return el;
}

function plot(el: DaFlowChart): HTMLElement {
  return el.shadowRoot!.querySelector('[part~="plot"]') as HTMLElement;
}

/** Naive reference: scan every sample, bucket by the same time boundaries. */
function naiveEnvelope(time: Float64Array, values: Float64Array, xMin: number, xMax: number, n: number) {
  const width = (xMax - xMin) / n;
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  for (let j = 0; j < n; j++) {
    const a = xMin + j * width;
    const b = xMin + (j + 1) * width;
    for (let i = 0; i < time.length; i++) {
      const t = time[i]!;
      const inside = t >= a && (j === n - 1 ? t <= xMax : t < b);
      if (!inside) continue;
      if (values[i]! < min[j]!) min[j] = values[i]!;
      if (values[i]! > max[j]!) max[j] = values[i]!;
    }
  }
  return { min, max };
}

describe('decimation', () => {
  it('matches a naive min/max scan on random data, with and without the pyramid', () => {
    const rand = rng(42);
    for (let round = 0; round < 25; round++) {
      const n = 1 + Math.floor(rand() * 20000);
      const time = new Float64Array(n);
      const values = new Float64Array(n);
      let t = rand() * 10;
      for (let i = 0; i < n; i++) {
        t += rand() < 0.01 ? rand() * 5 : rand() * 0.02; // uneven spacing with gaps
        time[i] = t;
        values[i] = (rand() - 0.5) * 1000;
      }
      const pyramid = new MinMaxPyramid(values);
      const lo = time[0]! + rand() * (time[n - 1]! - time[0]!) * 0.5;
      const hi = lo + rand() * (time[n - 1]! - lo) + 1e-6;
      const buckets = 1 + Math.floor(rand() * 300);
      const ref = naiveEnvelope(time, values, lo, hi, buckets);
      for (const env of [envelopeByTime(time, values, lo, hi, buckets, pyramid), envelopeByTime(time, values, lo, hi, buckets)]) {
        for (let j = 0; j < buckets; j++) {
          equal(env.min[j], ref.min[j], `round ${round} bucket ${j} min`);
          equal(env.max[j], ref.max[j], `round ${round} bucket ${j} max`);
        }
      }
    }
  });

  it('pyramid range min/max equals a scan for arbitrary ranges, ignoring NaN', () => {
    const rand = rng(3);
    const values = new Float64Array(100_003).map(() => (rand() < 0.001 ? NaN : rand() * 2 - 1));
    const pyramid = new MinMaxPyramid(values);
    ok(pyramid.levels >= 5);
    for (let k = 0; k < 500; k++) {
      const a = Math.floor(rand() * values.length);
      const b = a + Math.floor(rand() * (values.length - a + 1));
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = a; i < b; i++) {
        if (values[i]! < lo) lo = values[i]!;
        if (values[i]! > hi) hi = values[i]!;
      }
      const [pl, ph] = pyramid.minMax(a, b);
      equal(pl, lo, `min of [${a}, ${b})`);
      equal(ph, hi, `max of [${a}, ${b})`);
    }
  });

  it('turns an envelope into at most two sorted points per non-empty bucket', () => {
    const env = { time: Float64Array.of(0, 1, 2), min: Float64Array.of(-1, Infinity, -3), max: Float64Array.of(1, -Infinity, 3) };
    const [xs, ys] = envelopeToLine(env);
    equal(xs.length, 4);
    for (let i = 1; i < xs.length; i++) ok(xs[i]! > xs[i - 1]!, 'x ascending');
    equal(Math.min(...ys), -3);
    equal(Math.max(...ys), 3);
  });
});

describe('da-flow-chart', () => {
  afterEach(() => cleanup());

  describe('rendering', () => {
    it('shows an empty state without data', async () => {
      const el = await mount();
      const empty = el.shadowRoot!.querySelector('[part="empty"]');
      ok(empty, 'empty part');
      equal(empty!.textContent!.trim(), 'No data');
      equal(el.chart, null);
      equal(plot(el).getAttribute('aria-label'), 'Flow: no data');
    });

    it('draws data with uPlot in the shadow root and never more than ~2 points per pixel', async () => {
      const { time, flow } = signal(200_000);
      const el = await mount({ time, flow });
      ok(el.chart, 'uPlot instance');
      ok(el.shadowRoot!.querySelector('canvas[part="canvas"]'), 'canvas part');
      equal(el.shadowRoot!.querySelector('[part="empty"]'), null);
      const drawn = el.chart!.data[0].length;
      ok(drawn > 0 && drawn <= 2 * 600, `decimated to ${drawn} points`);
      equal(el.xRange!.min, 0);
      equal(el.xRange!.max, time[time.length - 1]);
      // The plotted envelope keeps the signal's extremes.
      const range = (a: ArrayLike<number>) => {
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < a.length; i++) {
          lo = Math.min(lo, a[i]!);
          hi = Math.max(hi, a[i]!);
        }
        return [lo, hi].join();
      };
      equal(range(el.chart!.data[1] as Float64Array), range(flow));
    });

    it('draws raw samples when zoomed in far enough', async () => {
      const { time, flow } = signal(200_000);
      const el = await mount({ time, flow });
      el.zoomTo(100, 105);
      const xs = el.chart!.data[0] as Float64Array;
      equal(xs[1], 100, 'raw sample times');
      equal(xs.length, 503);
    });

    it('accepts a data object and uses the envelope for the first draw', async () => {
      const { time, flow } = signal(50_000);
      const buckets = 100;
      const envelope = envelopeByTime(time, flow, time[0]!, time[time.length - 1]!, buckets);
      const el = await mount({ data: { time, flow }, envelope });
      equal(el.time, time);
      equal(el.chart!.data[0].length, buckets * 2);
      el.zoomTo(10, 400);
      ok(el.chart!.data[0].length > buckets * 2, 're-decimated from the columns after zoom');
    });

    it('draws from an envelope alone', async () => {
      const envelope = { time: Float64Array.of(0, 10, 20), min: Float64Array.of(-1, -2, -1), max: Float64Array.of(1, 2, 1) };
      const el = await mount({ envelope });
      ok(el.chart);
      equal(el.fullRange!.max, 30);
    });

    it('shows a loading state', async () => {
      const el = await mount({ loading: true });
      ok(el.hasAttribute('loading'), 'reflected');
      ok(el.shadowRoot!.querySelector('[part="loading"][role="status"]'));
      equal(plot(el).getAttribute('aria-busy'), 'true');
      el.loading = false;
      await el.updateComplete;
      equal(el.shadowRoot!.querySelector('[part="loading"]'), null);
    });

    it('draws breaths and apnea spans in the theme colours', async () => {
      const { time, flow } = signal(20_000);
      const el = await mount({ time, flow, theme: 'dark' });
      el.style.setProperty('--da-chart-apnea', 'rgb(255, 0, 0)');
      el.apneaSpans = [[50, 100]];
      el.breathTimes = [10, 20, 30];
      await el.updateComplete;
      const drawn = nextEvent(el, 'da-draw');
      el.redraw();
      await drawn;
      const u = el.chart!;
      const x = Math.round(u.valToPos(75, 'x', true));
      const column = u.ctx.getImageData(x, Math.round(u.bbox.top), 1, Math.round(u.bbox.height)).data;
      let red = 0;
      for (let i = 0; i < column.length; i += 4) if (column[i]! > 200 && column[i + 1]! < 60) red++;
      ok(red > u.bbox.height * 0.5, `apnea shading is red (${red} of ${u.bbox.height} px)`);
      ok(plot(el).getAttribute('aria-label')!.includes('3 breaths; 1 apnea spans'));
    });
  });

  describe('properties and attributes', () => {
    it('reads x-label, y-label, label and theme attributes', async () => {
      const el = document.createElement('da-flow-chart');
      el.setAttribute('x-label', 'Zeit (s)');
      el.setAttribute('y-label', 'Fluss (L/s)');
      el.setAttribute('label', 'Night 1');
      el.setAttribute('theme', 'dark');
      document.body.append(el);
      await el.updateComplete;
      equal(el.xLabel, 'Zeit (s)');
      equal(el.yLabel, 'Fluss (L/s)');
      equal(el.theme, 'dark');
      ok(plot(el).getAttribute('aria-label')!.startsWith('Night 1'));
      equal(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor, 'rgb(17, 24, 39)');
    });

    it('follows the color-scheme of an ancestor, like every element of the library', async () => {
      const { time, flow } = signal(1000);
      const wrapper = document.createElement('div');
      wrapper.style.colorScheme = 'dark';
      document.body.append(wrapper);
      const el = document.createElement('da-flow-chart');
      el.time = time;
      el.flow = flow;
      wrapper.append(el);
      await el.updateComplete;
      equal(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor, 'rgb(17, 24, 39)');
      wrapper.remove();
    });

    it('rebuilds with new axis labels and drops the chart when the data goes away', async () => {
      const { time, flow } = signal(1000);
      const el = await mount({ data: { time, flow } });
      el.setAttribute('x-label', 'Time (min)');
      await el.updateComplete;
      equal(el.chart!.axes[0]!.label, 'Time (min)');
      el.data = undefined;
      await el.updateComplete;
      equal(el.chart, null);
      equal(el.time, undefined);
      ok(el.shadowRoot!.querySelector('[part="empty"]'));
    });

    it('switches theme tokens on the next draw without re-creating uPlot', async () => {
      const { time, flow } = signal(1000);
      const el = await mount({ time, flow, theme: 'light' });
      const u = el.chart!;
      const axisColor = () => (u.axes[0]!.stroke as unknown as (u: unknown, i: number) => string)(u, 0);
      equal(axisColor(), 'rgb(55, 65, 81)'); // #374151, resolved for the canvas
      const drawn = nextEvent(el, 'da-draw');
      el.theme = 'dark';
      await drawn;
      equal(el.chart, u, 'same uPlot instance');
      equal(axisColor(), 'rgb(209, 213, 219)'); // #d1d5db
      el.style.setProperty('--da-chart-axis', 'rgb(1, 2, 3)');
      el.zoomTo(1, 5);
      equal(axisColor(), 'rgb(1, 2, 3)', 'tokens read when drawing');
    });

    it('defaults its axis labels with units', async () => {
      const { time, flow } = signal(1000);
      const el = await mount({ time, flow });
      equal(el.chart!.axes[0]!.label, 'Time (s)');
      equal(el.chart!.axes[1]!.label, 'Flow (m³/s)');
    });
  });

  describe('zoom and keyboard', () => {
    it('emits da-zoom on zoomTo and clamps to the record', async () => {
      const { time, flow } = signal(100_000);
      const el = await mount({ time, flow });
      const zoom = nextEvent<CustomEvent>(el, 'da-zoom');
      el.zoomTo(-50, 200);
      const { detail } = await zoom;
      equal(detail.min, 0);
      equal(detail.max, 250);
      equal(el.chart!.scales.x.min, 0);
      equal(el.chart!.scales.x.max, 250);
    });

    it('zooms with + and -, pans with arrows and resets with 0 and Home', async () => {
      const { time, flow } = signal(100_000);
      const el = await mount({ time, flow });
      const full = el.fullRange!;
      const events: Array<{ min: number; max: number }> = [];
      el.addEventListener('da-zoom', (e) => events.push(e.detail));
      const target = plot(el);
      equal(target.tabIndex, 0);
      ok(key(target, '+').defaultPrevented);
      let span = el.xRange!.max - el.xRange!.min;
      ok(Math.abs(span - (full.max - full.min) / 2) < 1e-9, 'halved');
      key(target, 'ArrowRight');
      ok(Math.abs(el.xRange!.min - (full.min + span / 2 + span * 0.1)) < 1e-6, 'panned right by a tenth');
      key(target, '-');
      key(target, '+');
      key(target, '+');
      span = el.xRange!.max - el.xRange!.min;
      ok(span < (full.max - full.min) / 3);
      key(target, '0');
      equal(el.xRange!.min, full.min);
      equal(el.xRange!.max, full.max);
      key(target, '+');
      key(target, 'Home');
      equal(el.xRange!.max, full.max);
      ok(events.length >= 7, `${events.length} da-zoom events`);
      equal(events[events.length - 1]!.min, full.min);
    });

    it('zooms by drag selection and resets on double-click', async () => {
      const { time, flow } = signal(100_000);
      const el = await mount({ time, flow });
      const u = el.chart!;
      const zoom = nextEvent<CustomEvent>(el, 'da-zoom');
      u.setSelect({ left: 100, top: 0, width: 200, height: u.bbox.height / uPlotRatio() });
      const { detail } = await zoom;
      ok(Math.abs(detail.min - u.posToVal(100, 'x')) < 1e-6 || detail.min > 0, 'zoomed to the selection');
      ok(detail.max - detail.min < el.fullRange!.max / 2);
      const reset = nextEvent<CustomEvent>(el, 'da-zoom');
      u.over.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: 10, clientY: 10 }));
      const { detail: back } = await reset;
      equal(back.min, el.fullRange!.min);
      equal(back.max, el.fullRange!.max);
    });

    it('zooms with Ctrl+wheel around the pointer and pans with Shift+drag', async () => {
      const { time, flow } = signal(100_000);
      const el = await mount({ time, flow });
      const u = el.chart!;
      const rect = u.over.getBoundingClientRect();
      const x = rect.left + rect.width / 4;
      const at = u.posToVal(rect.width / 4, 'x');
      u.over.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, ctrlKey: true, clientX: x, clientY: rect.top + 10, bubbles: true, cancelable: true }));
      const zoomed = el.xRange!;
      ok(zoomed.max - zoomed.min < el.fullRange!.max * 0.5, 'zoomed in');
      ok(zoomed.min < at && at < zoomed.max, 'around the pointer');
      const span = zoomed.max - zoomed.min;
      const plotWidth = rect.width;
      u.over.dispatchEvent(new MouseEvent('mousedown', { shiftKey: true, button: 0, clientX: x, clientY: rect.top + 10, bubbles: true, composed: true }));
      window.dispatchEvent(new MouseEvent('mousemove', { clientX: x - plotWidth / 10, clientY: rect.top + 10 }));
      window.dispatchEvent(new MouseEvent('mouseup', { clientX: x - plotWidth / 10, clientY: rect.top + 10 }));
      ok(Math.abs(el.xRange!.min - (zoomed.min + span / 10)) < span * 0.01, 'dragging left pans right by a tenth');
      equal(u.select.width, 0, 'no zoom selection while panning');
    });

    it('re-decimates when uPlot is driven directly with setScale', async () => {
      const { time, flow } = signal(100_000);
      const el = await mount({ time, flow });
      const zoom = nextEvent<CustomEvent>(el, 'da-zoom');
      el.chart!.setScale('x', { min: 10, max: 12 });
      await zoom;
      equal(el.xRange!.min, 10);
      equal((el.chart!.data[0] as Float64Array)[1], 10);
    });
  });

  describe('lifecycle', () => {
    it('resizes with its container', async () => {
      const { time, flow } = signal(10_000);
      const el = await mount({ time, flow }, 400, 200);
      equal(el.chart!.width, 400);
      const drawn = nextEvent(el, 'da-draw');
      el.style.width = '700px';
      el.style.height = '250px';
      await drawn;
      equal(el.chart!.width, 700);
      equal(el.chart!.height, 250);
    });

    it('destroys uPlot on disconnect and re-creates it on reconnect', async () => {
      const { time, flow } = signal(10_000);
      const el = await mount({ time, flow });
      el.remove();
      equal(el.chart, null);
      equal(el.shadowRoot!.querySelector('.uplot'), null);
      const drawn = nextEvent(el, 'da-draw');
      document.body.append(el);
      await drawn;
      ok(el.chart);
      equal(el.shadowRoot!.querySelectorAll('.uplot').length, 1);
    });
  });

  describe('export', () => {
    const bytes = (b64: string) => Uint8Array.from(atob(b64.slice(0, 16)), (c) => c.charCodeAt(0));

    it('exports PNG and JPEG with the right magic bytes', async () => {
      const { time, flow } = signal(10_000);
      const el = await mount({ time, flow, breathTimes: [1, 2], apneaSpans: [[10, 20]] });
      ok(el.toDataURL().startsWith('data:image/png;base64,'));
      ok(el.toDataURL('image/jpeg', 0.9).startsWith('data:image/jpeg;base64,'));
      const png = bytes(el.toBase64('image/png'));
      equal([...png.slice(0, 8)].join(), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].join());
      const jpeg = bytes(el.toBase64('image/jpeg'));
      equal([...jpeg.slice(0, 3)].join(), [0xff, 0xd8, 0xff].join());
    });

    it('fills the background so a JPEG is not black', async () => {
      const { time, flow } = signal(1000);
      const el = await mount({ time, flow });
      const img = new Image();
      img.src = el.toDataURL('image/jpeg');
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const [r, g, b] = ctx.getImageData(1, 1, 1, 1).data;
      ok(r! > 240 && g! > 240 && b! > 240, `corner is white, got ${r},${g},${b}`);
    });

    it('exports an image without data too', async () => {
      const el = await mount();
      ok(el.toBase64('image/png').startsWith('iVBORw0KGgo'));
    });
  });

  describe('content security policy', () => {
    it("draws under default-src 'self'; style-src 'self' without violations", async () => {
      const frame = document.createElement('iframe');
      frame.style.width = '640px';
      frame.style.height = '360px';
      const csp = "default-src 'self'; style-src 'self'";
      // A test-authored document; the element is driven from this page after the module loads.
      frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}">
        <script type="module" src="${new URL('./define.ts', import.meta.url).pathname}"></script><body></body>`;
      const violations: string[] = [];
      const loaded = nextEvent(frame, 'load');
      document.body.append(frame);
      await loaded;
      const win = frame.contentWindow as Window & typeof globalThis;
      win.document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      await win.customElements.whenDefined('da-flow-chart');
      const el = win.document.createElement('da-flow-chart') as DaFlowChart;
      const { time, flow } = signal(20_000);
      Object.assign(el, { time, flow, breathTimes: [1, 2, 3], apneaSpans: [[10, 20]], loading: true });
      const drawn = nextEvent(el, 'da-draw');
      win.document.body.append(el);
      await drawn;
      el.loading = false;
      el.zoomTo(5, 50);
      await el.updateComplete;
      await sleep(50);
      ok(el.chart, 'uPlot drew inside the CSP frame');
      equal(el.shadowRoot!.querySelectorAll('style').length, 0, 'no <style> elements');
      ok(el.shadowRoot!.adoptedStyleSheets.length >= 2, 'uPlot and element styles adopted');
      equal(violations.join('; '), '');
      // Control: the policy is really enforced in the frame (an inline style attribute is blocked).
      const probe = win.document.createElement('div');
      probe.setAttribute('style', 'color: red');
      win.document.body.append(probe);
      await sleep(50);
      ok(violations.some((v) => v.startsWith('style-src')), `policy enforced: ${violations.join('; ')}`);
    });
  });

  describe('accessibility', () => {
    it('has no axe violations with data', async () => {
      const { time, flow } = signal(10_000);
      const el = await mount({ time, flow, label: 'Patient flow' });
      ok(plot(el).getAttribute('role') === 'img');
      ok(plot(el).getAttribute('aria-label')!.startsWith('Patient flow: 10,000 samples'));
      await expectNoA11yViolations(el);
    });

    it('has no axe violations when empty and loading', async () => {
      const el = await mount({ loading: true, theme: 'dark' });
      await expectNoA11yViolations(el);
    });

    it('focuses the plot when the element is focused', async () => {
      const el = await mount();
      el.focus();
      await sleep();
      equal(el.shadowRoot!.activeElement, plot(el));
    });
  });
});

function uPlotRatio(): number {
  return window.devicePixelRatio || 1;
}

describe('flow chart stories', () => {
  afterEach(() => cleanup());

  it('render every story', async () => {
    const { default: meta, ...named } = stories;
    for (const [name, story] of Object.entries(named)) {
      const host = document.createElement('div');
      document.body.append(host);
      const args = { ...meta.args, ...(story as { args?: object }).args } as Parameters<NonNullable<typeof meta.render>>[0];
      render(meta.render!(args, {} as Parameters<NonNullable<typeof meta.render>>[1]) as never, host);
      const el = host.querySelector('da-flow-chart')!;
      await el.updateComplete;
      ok(el, name);
      if (name === 'Empty') equal(el.shadowRoot!.querySelector('[part="empty"]')?.textContent, 'No data');
      if (name === 'Dark') equal(el.theme, 'dark');
    }
  });
});
