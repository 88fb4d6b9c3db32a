// The analysis worker from any origin: dist/cdn as built, loaded from ANOTHER origin (the reference
// patient server serves it at /lib/ with CORS, on its own port), starts its worker through a
// same-origin blob: module shim and analyses patient_01.txt; setWorkerUrl() is honoured; and the CSP
// that the README states for that case is enough (and each of its sources is needed).
import { CpapWorkerClient, setWorkerUrl, workerUrl } from '../../src/worker/index.ts';
import { compareToExpected, type ExpectedMetrics } from '../support/samples.ts';
import { patientServers } from './controller-host.ts';
import { ok, equal, deepEqual, rejection } from './assert.ts';
import { recordWorkers } from './record-workers.ts';

const SAMPLE = '/__shared/cpap-samples/patient_01.txt';
type WorkerModule = typeof import('../../src/worker/index.ts');


describe('analysis worker from any origin', () => {
  let cdn: string;
  let expected: ExpectedMetrics;

  before(async () => {
    cdn = `${(await patientServers()).push}lib/`;
    ok(new URL(cdn).origin !== location.origin, `${cdn} is another origin than ${location.origin}`);
    expected = (await (await fetch('/__shared/cpap-samples/expected.json')).json())['patient_01.txt'];
  });

  afterEach(() => setWorkerUrl(null));

  it('a plain cross-origin module worker is refused (what the shim is for)', async () => {
    let error: unknown = null;
    try {
      new Worker(`${cdn}analysis.worker.js`, { type: 'module' }).terminate();
    } catch (e) {
      error = e;
    }
    ok(error instanceof DOMException && error.name === 'SecurityError', `SecurityError, got ${error}`);
  });

  it('dist/cdn from another origin starts its worker through a blob: shim and analyses patient_01.txt', async () => {
    const lib = (await import(/* @vite-ignore */ `${cdn}worker.js`)) as WorkerModule;
    equal(lib.workerUrl().href, `${cdn}analysis.worker.js`);
    const client = new lib.CpapWorkerClient().acquire();
    try {
      const { result, urls } = await recordWorkers(() => client.analyze(SAMPLE));
      deepEqual(compareToExpected(result.metrics, expected), []);
      equal(urls.length, 1);
      ok(urls[0]!.startsWith(`blob:${location.origin}/`), `started from a same-origin blob: URL, not ${urls[0]}`);
      // The generator is bundled into the worker: a sample needs no other file.
      const sample = await client.generateSample({ seconds: 60, seed: 3 }, 'sample.txt');
      ok(sample.size > 1000);
    } finally {
      client.release();
    }
  });

  it('from the page origin the worker starts from its plain URL', async () => {
    const client = new CpapWorkerClient().acquire();
    try {
      const { result, urls } = await recordWorkers(() => client.analyze(SAMPLE));
      deepEqual(compareToExpected(result.metrics, expected), []);
      equal(urls[0], workerUrl().href);
      ok(urls[0]!.startsWith(location.origin), urls[0]);
    } finally {
      client.release();
    }
  });

  it('setWorkerUrl() is honoured: same origin plain, another origin through the shim, a wrong URL fails', async () => {
    // The built worker, moved by a "host": dist/cdn's file as served by this page's origin.
    setWorkerUrl('/dist/cdn/analysis.worker.js');
    equal(workerUrl().href, new URL('/dist/cdn/analysis.worker.js', location.href).href);
    const client = new CpapWorkerClient().acquire();
    try {
      let run = await recordWorkers(() => client.analyze(SAMPLE));
      deepEqual(compareToExpected(run.result.metrics, expected), []);
      equal(run.urls[0], new URL('/dist/cdn/analysis.worker.js', location.href).href);
      client.terminate();

      setWorkerUrl(new URL('analysis.worker.js', cdn));
      run = await recordWorkers(() => client.analyze(SAMPLE));
      equal(run.result.metrics.breaths, expected.breaths);
      ok(run.urls[0]!.startsWith('blob:'), run.urls[0]);
      client.terminate();

      setWorkerUrl('/no/such/worker.js');
      const e = await rejection(client.analyze(SAMPLE));
      ok(e instanceof Error && /could not be started from \S+\/no\/such\/worker\.js.*setWorkerUrl\(\)/.test(e.message), String(e));
    } finally {
      client.release();
      client.terminate();
    }
  });

  it("the README's CSP for the CDN case is enough: script-src <cdn>; worker-src blob: <cdn>", async () => {
    const origin = new URL(cdn).origin;
    const run = async (csp: string, wasm = false) => {
      const frame = document.createElement('iframe');
      const nonce = 'n' + Math.random().toString(36).slice(2);
      // An inline module needs a nonce here; a host page would load its own script from 'self'.
      frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp.replace('NONCE', nonce)}">
<script type="module" nonce="${nonce}">
const violations = [];
addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
const post = (m) => parent.postMessage({ csp: true, ...m, violations }, '*');
try {
  const { CpapWorkerClient } = await import(${JSON.stringify(`${cdn}worker.js`)});
  const client = new CpapWorkerClient().acquire();
  const r = await client.analyze(${JSON.stringify(new URL(SAMPLE, location.href).href)}, { wasm: ${wasm} });
  post({ breaths: r.metrics.breaths, parser: r.metrics.timing.parser });
} catch (e) { post({ error: String(e) }); }
</script>`;
      const answer = new Promise<{ breaths?: number; parser?: string; error?: string; violations: string[] }>((resolve) => {
        const timer = setTimeout(() => resolve({ error: 'timed out', violations: [] }), 20000);
        addEventListener('message', function on(e: MessageEvent) {
          if (e.source !== frame.contentWindow || !e.data?.csp) return;
          removeEventListener('message', on);
          clearTimeout(timer);
          resolve(e.data);
        });
      });
      document.body.append(frame);
      try {
        return await answer;
      } finally {
        frame.remove();
      }
    };
    // Chromium checks the shim (blob:) AND the module it imports (the CDN's analysis.worker.js) against worker-src.
    for (const csp of [
      `default-src 'self'; script-src 'nonce-NONCE' ${origin}; worker-src blob: ${origin}; style-src 'self'`,
      `default-src 'self'; script-src 'nonce-NONCE' ${origin} blob:; style-src 'self'`, // no worker-src: script-src applies
    ]) {
      const allowed = await run(csp);
      deepEqual([allowed.error, allowed.breaths, allowed.parser, allowed.violations], [undefined, expected.breaths, 'js', []], csp);
    }
    // The WebAssembly parse kernel: refused by this CSP, so the worker parses in JavaScript, with the same
    // result; with 'wasm-unsafe-eval' (which the worker, a blob:, inherits) the kernel parses.
    const strict = `default-src 'self'; script-src 'nonce-NONCE' ${origin}; worker-src blob: ${origin}; style-src 'self'`;
    const refused = await run(strict, true);
    deepEqual([refused.error, refused.breaths, refused.parser], [undefined, expected.breaths, 'js'], `wasm: true under ${strict}`);
    const wasmCsp = strict.replace("script-src 'nonce-NONCE'", "script-src 'nonce-NONCE' 'wasm-unsafe-eval'");
    const kernel = await run(wasmCsp, true);
    deepEqual([kernel.error, kernel.breaths, kernel.parser, kernel.violations], [undefined, expected.breaths, 'wasm', []], `wasm: true under ${wasmCsp}`);
    for (const csp of [
      `default-src 'self'; script-src 'nonce-NONCE' ${origin}; style-src 'self'`, // no blob:
      `default-src 'self'; script-src 'nonce-NONCE' ${origin}; worker-src blob:; style-src 'self'`, // not the CDN
    ]) {
      const blocked = await run(csp);
      ok(blocked.error && blocked.breaths === undefined, `${csp}: ${JSON.stringify(blocked)}`);
    }
  });
});
