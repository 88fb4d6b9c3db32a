// Typed event bands: apneas solid, hypopneas hatched (not colour alone), only visible ones drawn,
// and thousands of events stay interactive.
import './define.ts';
import { mount, plot, signal } from '../../../test/browser/flow-chart-fixtures.ts';
import { ok, equal, nextEvent, cleanup } from '../../../test/browser/assert.ts';
import { drawEvents, indexEvents, type ChartEvent } from './chart-events.ts';

/** The pixels of one canvas row across `[x0, x1)` (device px) as [r, g, b, a] tuples. */
function row(ctx: CanvasRenderingContext2D, x0: number, x1: number, y: number): number[][] {
  const d = ctx.getImageData(x0, y, x1 - x0, 1).data;
  return Array.from({ length: x1 - x0 }, (_, i) => [d[i * 4]!, d[i * 4 + 1]!, d[i * 4 + 2]!, d[i * 4 + 3]!]);
}

describe('da-flow-chart events', () => {
  afterEach(() => cleanup());

  it('draws an apnea as a uniform band and a hypopnea as a hatch, with their count in the label', async () => {
    const { time, flow } = signal(20_000);
    const el = await mount({ time, flow });
    el.style.setProperty('--da-chart-apnea', 'rgb(255, 0, 0)');
    el.style.setProperty('--da-chart-hypopnea', 'rgb(0, 0, 255)');
    el.events = [{ start: 40, end: 80, kind: 'apnea' }, { start: 120, end: 160, kind: 'hypopnea' }];
    await el.updateComplete;
    const drawn = nextEvent(el, 'da-draw');
    el.redraw();
    await drawn;
    const u = el.chart!;
    const y = Math.round(u.bbox.top + 4);
    const band = (a: number, b: number) => row(u.ctx, Math.round(u.valToPos(a, 'x', true)) + 3, Math.round(u.valToPos(b, 'x', true)) - 3, y);
    const apnea = band(40, 80);
    const hypopnea = band(120, 160);
    ok(apnea.every(([r, g]) => r! > 200 && g! < 60), 'the apnea band is solid red');
    const blue = hypopnea.filter(([r, , b]) => b! > 150 && r! < 120).length;
    ok(blue > 2 && blue < hypopnea.length * 0.7, `the hypopnea band is hatched (${blue} of ${hypopnea.length} px blue)`);
    ok(plot(el).getAttribute('aria-label')!.includes('2 scored events'));
  });

  it('draws only the events in view, at most one per pixel column and kind', async () => {
    const { time, flow } = signal(20_000);
    const el = await mount({ time, flow });
    const events: ChartEvent[] = Array.from({ length: 5000 }, (_, i) => ({ start: i * 0.04, end: i * 0.04 + 0.02, kind: i % 2 ? 'apnea' : 'hypopnea' }));
    const index = indexEvents(events);
    const u = el.chart!;
    const all = drawEvents(u, index, { apnea: 'red', hypopnea: 'blue', edge: 'black' });
    ok(all <= 2 * Math.ceil(u.bbox.width) + 2, `zoomed out: ${all} bands for ${u.bbox.width} px`);
    el.zoomTo(10, 20);
    const some = drawEvents(u, index, { apnea: 'red', hypopnea: 'blue', edge: 'black' });
    equal(some, 251, 'the 251 events that meet 10..20 s');
  });

  it('stays interactive with thousands of events: zoom and pan keep drawing', async () => {
    const { time, flow } = signal(200_000);
    const el = await mount({ time, flow });
    const end = time[time.length - 1]!;
    el.events = Array.from({ length: 8000 }, (_, i) => ({ start: (i * end) / 8000, end: (i * end) / 8000 + 10, kind: i % 3 ? 'hypopnea' : 'apnea' }));
    await el.updateComplete;
    for (const [a, b] of [[100, 280], [500, 680], [0, end]] as const) {
      const drawn = nextEvent(el, 'da-draw');
      el.zoomTo(a, b);
      await drawn;
      equal(el.xRange!.min, a);
    }
    const drawn = nextEvent(el, 'da-draw');
    plot(el).dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    await drawn;
    ok(el.xRange!.max - el.xRange!.min < end, 'the keyboard still zooms');
  });
});
