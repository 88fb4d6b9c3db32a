import '../../src/elements/text-input/define.ts';
import '../../src/elements/metric-card/define.ts';
import '../../src/elements/tabs/define.ts';
import '../../src/elements/expander/define.ts';
import { createStore } from '../../src/store/store.ts';
import { getDefaultStore, provideStore } from '../../src/store/bind.ts';
import { equal, fixture, cleanup, settle } from './assert.ts';

function typeInto(el: HTMLElement, text: string) {
  const input = el.shadowRoot!.querySelector('input')!;
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}
const shown = (card: Element) => card.shadowRoot!.querySelector('[part=value]')!.textContent!.replace(/\s+/g, ' ').trim();

describe('bind="key" in plain HTML', () => {
  afterEach(cleanup);

  it('a text input and a metric card bound to the same key of the default store stay in step', async () => {
    const root = await fixture<HTMLDivElement>(`<div>
      <da-text-input label="Name" bind="bind-name" value="Ann"></da-text-input>
      <da-metric-card label="Echo" bind="bind-name"></da-metric-card>
    </div>`);
    const [input, card] = [root.children[0] as HTMLElement, root.children[1]];
    equal(getDefaultStore().get('bind-name'), 'Ann', 'the first element contributes its value');
    equal(shown(card), 'Ann');
    typeInto(input, 'Bob');
    await Promise.resolve();
    await settle(root);
    equal(getDefaultStore().get('bind-name'), 'Bob');
    equal(shown(card), 'Bob');
  });

  it('kind="integer" writes its text (invalid text survives the echo); store changes flow back', async () => {
    const root = await fixture<HTMLDivElement>(`<div>
      <da-text-input label="Pressure" kind="integer" bind="bind-pressure" value="10"></da-text-input>
      <da-metric-card label="Pressure" unit="cmH2O" bind="bind-pressure"></da-metric-card>
    </div>`);
    equal(getDefaultStore().get('bind-pressure'), '10');
    typeInto(root.children[0] as HTMLElement, '1x');
    await Promise.resolve();
    await settle(root);
    equal((root.children[0] as HTMLInputElement).value, '1x');
    equal(getDefaultStore().get('bind-pressure'), '1x');
    getDefaultStore().set('bind-pressure', 12);
    await Promise.resolve();
    await settle(root);
    equal((root.children[0] as HTMLInputElement).value, '12');
    equal(shown(root.children[1]), '12 cmH2O');
  });

  it('an ancestor provider wins over the default store; tabs and expander bind too', async () => {
    const store = createStore<Record<string, unknown>>({ view: 'b', more: true, label: 'from provider' });
    const host = document.createElement('section');
    provideStore(host, store);
    document.body.append(host);
    const tpl = document.createElement('template');
    tpl.innerHTML = `<da-metric-card label="L" bind="label"></da-metric-card>
      <da-tabs bind="view" label="V"><da-tab panel="a">A</da-tab><da-tab panel="b">B</da-tab>
        <da-tab-panel name="a">a</da-tab-panel><da-tab-panel name="b">b</da-tab-panel></da-tabs>
      <da-expander summary="More" bind="more"><p>x</p></da-expander>`;
    host.append(tpl.content);
    await settle(host);
    equal(shown(host.querySelector('da-metric-card')!), 'from provider');
    const tabs = host.querySelector('da-tabs')!;
    equal(tabs.selected, 'b');
    equal(host.querySelector('da-expander')!.open, true);
    (host.querySelector('da-tab[panel=a]') as HTMLElement).click();
    equal(store.get('view'), 'a');
    host.querySelector('da-expander')!.shadowRoot!.querySelector('button')!.click();
    equal(store.get('more'), false);
    equal(getDefaultStore().get('label'), undefined, 'default store untouched');
  });
});
