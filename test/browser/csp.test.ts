import { equal, ok, deepEqual } from './assert.ts';

interface CspReport {
  type: 'csp-report';
  violations: string[];
  rendered: string[];
  styled: boolean;
  headerActive: boolean;
  loaded: string[];
}

describe('elements under CSP default-src \'self\'; style-src \'self\'', () => {
  it('render with no CSP violation', async () => {
    const report = new Promise<CspReport>((resolve) => {
      window.addEventListener('message', (e) => {
        if (e.data?.type === 'csp-report') resolve(e.data as CspReport);
      });
    });
    const frame = document.createElement('iframe');
    frame.src = '/__csp/elements.html';
    frame.title = 'CSP test page';
    document.body.append(frame);
    const r = await report;
    frame.remove();
    ok(r.headerActive, 'the CSP header is in force (control violation seen)');
    deepEqual(r.violations, []);
    ok(r.styled, 'adopted stylesheets apply under style-src self');
    const broken = r.rendered.filter((x) => x.endsWith(':false'));
    equal(broken.length, 0, `not rendered: ${broken.join(', ')}`);
    for (const tag of ['da-text-input', 'da-file-uploader', 'da-tabs', 'da-tab', 'da-tab-panel', 'da-expander', 'da-metric-card']) {
      ok(r.rendered.some((x) => x.startsWith(`${tag}:`)), `${tag} rendered`);
    }
  });
});
