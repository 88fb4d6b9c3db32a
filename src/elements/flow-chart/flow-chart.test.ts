import './define.ts';
import type { DaFlowChart } from './flow-chart.ts';
import { envelopeByTime } from './decimate.ts';
import { mount, plot, signal } from '../../../test/browser/flow-chart-fixtures.ts';
import { ok, equal, nextEvent, sleep, cleanup } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';
import { render } from 'lit';
import * as stories from '../../../stories/flow-chart.stories.ts';

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
