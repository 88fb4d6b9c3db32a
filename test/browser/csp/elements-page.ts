// Runs inside the CSP page: records violations, renders every element, reports to the parent.
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});

const modules = [
  '/src/elements/text-input/define.ts',
  '/src/elements/file-uploader/define.ts',
  '/src/elements/tabs/define.ts',
  '/src/elements/expander/define.ts',
  '/src/elements/metric-card/define.ts',
  '/src/elements/flow-chart/define.ts',
];

async function run() {
  const loaded: string[] = [];
  for (const m of modules) {
    try {
      await import(/* @vite-ignore */ m);
      loaded.push(m);
    } catch (err) {
      violations.push(`import failed ${m}: ${String(err)}`);
    }
  }
  const chart = document.getElementById('chart') as (HTMLElement & { data?: unknown }) | null;
  if (chart && customElements.get('da-flow-chart')) {
    const t = Float64Array.from({ length: 200 }, (_, i) => i / 25);
    const y = Float64Array.from(t, (x) => Math.sin(x * 2));
    try {
      (chart as unknown as Record<string, unknown>).data = [t, y];
    } catch {
      /* the chart's API may differ; rendering it empty is still a CSP check */
    }
  }
  const all = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('da-'));
  await Promise.all(all.map((e) => (e as Element & { updateComplete?: Promise<unknown> }).updateComplete));
  await new Promise((r) => setTimeout(r, 300));
  const rendered = all.map((e) => `${e.localName}:${!!e.shadowRoot && e.shadowRoot.childNodes.length > 0}`);
  // Styles really applied (adopted stylesheets): the text input's border is from our tokens.
  const input = document.querySelector('da-text-input')?.shadowRoot?.querySelector('input');
  const styled = !!input && getComputedStyle(input).borderTopStyle === 'solid';
  const before = violations.length;
  // Control: an inline style attribute must be blocked, proving the header is active.
  const probe = document.createElement('div');
  probe.setAttribute('style', 'color: red');
  document.body.append(probe);
  await new Promise((r) => setTimeout(r, 100));
  const headerActive = violations.length > before;
  parent.postMessage(
    { type: 'csp-report', violations: violations.slice(0, before), rendered, styled, headerActive, loaded },
    location.origin,
  );
}
void run();
