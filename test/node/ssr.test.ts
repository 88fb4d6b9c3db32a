// Server rendering: every element and <cpap-dashboard>, imported from the BUILT package (dist/lib, as
// a user's server imports it, through package.json's exports), render under @lit-labs/ssr without
// throwing, as declarative shadow roots with their text. Relies on dist/ (npm test builds first).
// `lit` is the repo's node_modules copy, the same instance dist/lib imports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, type TemplateResult } from 'lit';
import { elements } from '../../scripts/elements.js';

/** Typical use of each tag, and text its server-rendered markup must hold. */
const CASES: Record<string, { template: () => TemplateResult; expect: string[] }> = {
  'da-expander': { template: () => html`<da-expander summary="Details" open>Body</da-expander>`, expect: ['Details'] },
  'da-file-uploader': {
    template: () => html`<da-file-uploader label="CPAP file" accept=".txt" busy .progress=${0.4} progress-label="Analysing"></da-file-uploader>`,
    expect: ['CPAP file'],
  },
  'da-flow-chart': {
    template: () => html`<da-flow-chart label="Flow versus time" .time=${[0, 0.04, 0.08]} .flow=${[0.1, -0.2, 0.3]} .breathTimes=${[0.04]}></da-flow-chart>`,
    expect: ['Flow versus time'],
  },
  'da-metric-card': {
    template: () => html`<da-metric-card label="AHI" .value=${5.25} precision="1" unit="events/h" .delta=${-1.5} alert-threshold="5"></da-metric-card>`,
    expect: ['AHI', '5.3', 'events/h'],
  },
  'da-tabs': {
    template: () => html`<da-tabs label="Views" selected="table"><da-tab panel="flow">Flow</da-tab><da-tab panel="table">Table</da-tab>
      <da-tab-panel name="flow">Flow panel</da-tab-panel><da-tab-panel name="table">Table panel</da-tab-panel></da-tabs>`,
    expect: ['Views', 'Flow panel', 'Table panel'],
  },
  'da-tab': { template: () => html`<da-tab panel="flow">Flow</da-tab>`, expect: ['Flow'] },
  'da-tab-panel': { template: () => html`<da-tab-panel name="flow" active>Flow panel</da-tab-panel>`, expect: ['Flow panel'] },
  'da-text-input': {
    template: () => html`<da-text-input label="Room number" value="12" kind="integer" min="1" required help-text="On the door"></da-text-input>`,
    expect: ['Room number', 'On the door', 'value="12"'],
  },
  'cpap-dashboard': {
    template: () => html`<cpap-dashboard api-url="http://localhost:8000/" heading="Ward 3 monitor" store-key="ward3"></cpap-dashboard>`,
    expect: ['Ward 3 monitor', 'http://localhost:8000/', '<da-text-input', '<da-flow-chart', '<da-tabs'],
  },
};

async function ssr(template: TemplateResult): Promise<string> {
  return collectResult(render(template));
}

/** Declarative shadow roots in the markup (`<template shadowroot="open" shadowrootmode="open">`). */
const shadowRoots = (out: string) => out.match(/<template shadowroot(?:mode)?="open"/g)?.length ?? 0;

describe('server rendering (@lit-labs/ssr, built dist/lib)', () => {
  it('the entries import in Node (module-level code is server-safe)', async () => {
    await import('data-app-elements');
    await import('data-app-elements/dashboard');
    for (const e of elements()) await import(`data-app-elements/elements/${e.name}`);
  });

  it('has a case for every tag the library defines', () => {
    const tags = [...elements().flatMap((e) => e.tags), 'cpap-dashboard'].sort();
    assert.deepEqual(Object.keys(CASES).sort(), tags);
  });

  for (const [tag, { template, expect }] of Object.entries(CASES)) {
    it(`<${tag}> renders a declarative shadow root with its text`, async () => {
      const out = await ssr(template());
      assert.match(out, new RegExp(`<${tag}[\\s>]`));
      assert.ok(shadowRoots(out) >= 1, `no declarative shadow root in\n${out.slice(0, 500)}`);
      for (const text of expect) assert.ok(out.includes(text), `"${text}" missing from <${tag}>'s server markup`);
    });
  }

  it('the dashboard renders every element inside it on the server too', async () => {
    const out = await ssr(CASES['cpap-dashboard']!.template());
    // The dashboard's own root, and one per nested da-* element (tabs, inputs, uploader, cards, chart...).
    assert.ok(shadowRoots(out) >= 8, `only ${shadowRoots(out)} shadow roots`);
    for (const label of ['Patient name', 'Medical record number', 'Room number']) assert.ok(out.includes(label), label);
  });
});
