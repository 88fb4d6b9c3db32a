import './define.ts';
import { mount, plot, signal } from '../../../test/browser/flow-chart-fixtures.ts';
import { ok, equal, nextEvent, key, cleanup } from '../../../test/browser/assert.ts';

describe('da-flow-chart', () => {
  afterEach(() => cleanup());

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
});

function uPlotRatio(): number {
  return window.devicePixelRatio || 1;
}
