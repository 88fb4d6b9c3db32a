import '../../src/elements/metric-card/define.ts';
import '../../src/elements/text-input/define.ts';
import { ok, equal, fixture, cleanup } from './assert.ts';

const labelColor = (card: Element) => getComputedStyle(card.shadowRoot!.querySelector('[part=label]')!).color;
const bg = (card: Element) => getComputedStyle(card.shadowRoot!.querySelector('[part=base]')!).backgroundColor;

describe('theme tokens', () => {
  afterEach(cleanup);

  it('dark via inherited color-scheme, via theme attribute, and overridable by --da-* tokens', async () => {
    const root = await fixture<HTMLDivElement>(`<div>
      <da-metric-card label="Light"></da-metric-card>
      <div style="color-scheme: dark"><da-metric-card label="Dark"></da-metric-card></div>
      <da-metric-card label="Attr" theme="dark"></da-metric-card>
      <div style="color-scheme: dark; --da-metric-background: rgb(1, 2, 3)"><da-metric-card label="Custom"></da-metric-card></div>
    </div>`);
    const [light, dark, attr, custom] = root.querySelectorAll('da-metric-card');
    equal(bg(light), 'rgb(255, 255, 255)');
    equal(bg(dark), 'rgb(32, 33, 36)');
    equal(bg(attr), 'rgb(32, 33, 36)');
    ok(labelColor(light) !== labelColor(dark));
    equal(bg(custom), 'rgb(1, 2, 3)');
  });
});
