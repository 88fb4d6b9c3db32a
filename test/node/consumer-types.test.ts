// A TypeScript consumer of the published package: its types come from the built dist/types (npm test
// builds first), reached through package.json's "exports" by a `node_modules/data-app-elements`
// symlink. Every `da-*` event in the catalogue (src/events.ts) must be typed for a listener under
// `strict`, from every entry on its own, and a wrong detail field must not compile.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { elementNames } from '../../scripts/elements.js';
import { consumerProject, type ConsumerProject } from '../support/consumer.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The elements, as the package ships them (`data-app-elements/elements/<name>`). */
const ELEMENTS = elementNames();

/** Every entry a consumer can import (package.json "exports", `./elements/*` expanded). */
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
const ENTRIES = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json' && k !== './core' && k !== './node') // core, node: Node analysis, no DOM and no events (node: tested below)
  .flatMap((k) => (k.includes('*') ? ELEMENTS.map((n) => k.replace('*', n)) : [k]))
  .map((k) => (k === '.' ? 'data-app-elements' : `data-app-elements/${k.slice(2)}`));

/** The catalogue's event names, read from its one `DaEventMap`. */
const catalogue = fs.readFileSync(path.join(ROOT, 'src/events.ts'), 'utf8');
const mapBody = /export interface DaEventMap \{([^}]*)\}/.exec(catalogue)?.[1] ?? '';
const EVENTS = [...mapBody.matchAll(/'(da-[a-z-]+)'\s*:/g)].map((m) => m[1]!);

/** Per event: a listener body that reads real detail fields and pins their types. */
const USES: Record<string, string> = {
  'da-input': 'const v: string = e.detail.value; return v.toUpperCase();',
  'da-change': 'const v: string = e.detail.value; return v.length;',
  'da-files-selected': 'const f: File[] = e.detail.files; return f[0]?.name;',
  'da-error': "const r: 'type' | 'size' = e.detail.reason; return r + e.detail.file.name + e.detail.message;",
  'da-cancel': 'return Object.keys(e.detail).length;',
  'da-tab-change': 'const n: string = e.detail.name; return n;',
  'da-toggle': 'const o: boolean = e.detail.open; return o;',
  'da-zoom': 'const span: number = e.detail.max - e.detail.min; return span;',
  'da-draw': 'const ms: number = e.detail.ms; return ms.toFixed(1);',
  'da-store-request': 'return e.detail.store?.get();',
  'da-analysis': 'const n: number = e.detail.metrics.apnea_count; return e.detail.fileName + n;',
  'da-upload': 'const mrn: number = e.detail.upload.patient_mrn; const d: boolean = e.detail.delivered; return mrn + String(d) + e.detail.message;',
  'da-pressure-change': 'const p: number | undefined = e.detail.previous; return e.detail.value - (p ?? 0);',
  'da-event-focus': "const t: 'apnea' | 'hypopnea' | 'uf1' | 'uf2' = e.detail.type; return t + (e.detail.end - e.detail.start);",
};

/** A consumer file: imports `entries`, then listens to every `da-*` event. */
function consumer(entries: string[]): string {
  const lines = entries.map((e) => `import ${JSON.stringify(e)};`);
  lines.push('', "const el = document.createElement('div');");
  for (const name of EVENTS) lines.push(`el.addEventListener('${name}', (e) => { ${USES[name]} });`);
  lines.push('export {};');
  return lines.join('\n') + '\n';
}

let project: ConsumerProject;

/**
 * Type-checks `file` alone, as a strict consumer with its own program, checking every .d.ts (ours,
 * Lit's, uPlot's); `skipDefaultLibCheck` leaves TypeScript's own lib files unchecked.
 */
const tsc = (file: string, source: string, { skipDefaultLibCheck = false } = {}) =>
  project.check(file, source, { skipLibCheck: false, skipDefaultLibCheck });

describe('consumer types (dist/types)', () => {
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/types/index.d.ts')), 'dist/types is missing: build first (node scripts/build.js)');
    project = consumerProject('da-consumer-');
  });
  after(() => {
    project?.remove();
  });

  it('the catalogue lists every event, and this test knows how to use each', () => {
    assert.ok(EVENTS.length >= 13, EVENTS.join(', '));
    assert.deepEqual(EVENTS.filter((n) => !USES[n]), [], 'events without a use in this test');
    assert.deepEqual(Object.keys(USES).filter((n) => !EVENTS.includes(n)), [], 'uses of events not in the catalogue');
    assert.ok(ENTRIES.includes('data-app-elements/elements/tabs') && ENTRIES.includes('data-app-elements/dashboard'), ENTRIES.join(', '));
  });

  it('a strict consumer importing every entry types every da-* event', async () => {
    const { code, out } = await tsc('all.ts', consumer(ENTRIES));
    assert.equal(code, 0, out);
  });

  it('each entry imported alone brings every da-* event typed', async () => {
    // One tsc per entry (a program of its own, so no other entry's augmentation leaks in), a few at a time.
    const queue = [...ENTRIES];
    const results: Array<{ entry: string; code: number; out: string }> = [];
    const worker = async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift()) {
        const file = `only-${entry.replace(/\W+/g, '_')}.ts`;
        results.push({ entry, ...(await tsc(file, consumer([entry]), { skipDefaultLibCheck: true })) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, os.availableParallelism()) }, worker));
    assert.equal(results.length, ENTRIES.length);
    const failures = results.filter((r) => r.code !== 0).map((r) => `${r.entry}:\n${r.out}`);
    assert.deepEqual(failures, []);
  });

  it('a wrong detail field does not compile', async () => {
    const bad = [
      "import 'data-app-elements/elements/tabs';",
      "import 'data-app-elements/elements/file-uploader';",
      "const tabs = document.createElement('da-tabs');",
      '// da-tab-change carries `name`, not `value`',
      "tabs.addEventListener('da-tab-change', (e) => e.detail.value);",
      "const up = document.createElement('da-file-uploader');",
      "// da-change has one detail shape, `{ value }`: the uploader's files come with da-files-selected",
      "up.addEventListener('da-change', (e) => e.detail.files);",
      'export {};',
    ].join('\n');
    const { code, out } = await tsc('bad.ts', bad + '\n');
    assert.notEqual(code, 0, 'tsc accepted bad.ts');
    assert.match(out, /bad\.ts\(5,\d+\): error TS2339: Property 'value' does not exist/, out);
    assert.match(out, /bad\.ts\(8,\d+\): error TS2339: Property 'files' does not exist/, out);
    assert.equal(out.match(/error TS/g)?.length, 2, out);
  });

  it('a Node consumer of data-app-elements/node (@types/node, no DOM) types analyzeMany; a wrong option does not compile', async () => {
    const node = consumerProject('da-node-consumer-', ['@types/node', 'undici-types']);
    try {
      const options = { lib: ['es2022'], types: ['node'], skipLibCheck: false, skipDefaultLibCheck: true };
      const good = [
        "import { analyzeMany, analyzeFileParallel, threadCount, MIN_PARALLEL_BYTES, type FileResult, type ManyProgress, type ParallelOptions } from 'data-app-elements/node';",
        'const seen: number[] = [];',
        "const r: FileResult[] = await analyzeMany(['a.txt'], { threads: 2, minParallelBytes: MIN_PARALLEL_BYTES, signal: AbortSignal.timeout(1000), onProgress: (p: ManyProgress) => seen.push(p.bytesDone / p.bytesTotal) });",
        "for (const x of r) console.log(x.file, 'error' in x ? x.error.code : x.metrics.samples);",
        "const opts: ParallelOptions = { threads: threadCount() };",
        "const one = await analyzeFileParallel('b.txt', opts);",
        'const n: number = one.metrics.apnea_count;',
        'console.log(n, seen);',
        'export {};',
      ].join('\n');
      const ok = await node.check('good.ts', good + '\n', options);
      assert.equal(ok.code, 0, ok.out);
      const bad = [
        "import { analyzeMany } from 'data-app-elements/node';",
        '// threads is a number',
        "await analyzeMany(['a.txt'], { threads: '2' });",
        '// a result is a metrics summary or an error, not a path',
        "const s: string = (await analyzeMany(['a.txt']))[0];",
        'export {};',
      ].join('\n');
      const { code, out } = await node.check('bad.ts', bad + '\n', options);
      assert.notEqual(code, 0, 'tsc accepted bad.ts');
      assert.match(out, /bad\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/, out);
      assert.match(out, /bad\.ts\(5,\d+\): error TS2322: Type 'FileResult' is not assignable to type 'string'/, out);
      assert.equal(out.match(/error TS/g)?.length, 2, out);
    } finally {
      node.remove();
    }
  });
});
