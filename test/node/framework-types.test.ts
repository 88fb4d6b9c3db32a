// The framework types generated from the manifest (scripts/framework-types.js): a strict React 19
// TSX consumer and a Vue consumer of the built package, reached through package.json's "exports"
// (`data-app-elements/react`, `data-app-elements/vue`) by a `node_modules/data-app-elements` symlink,
// as in consumer-types.test.ts. Good uses compile; a wrong property type or detail field does not.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { consumerProject, type ConsumerProject } from '../support/consumer.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HAS_VUE = fs.existsSync(path.join(ROOT, 'node_modules/vue/package.json'));

let project: ConsumerProject;
const tsc = (file: string, source: string, options: Record<string, unknown> = {}) =>
  project.check(file, source, { lib: ['es2022', 'dom', 'dom.iterable'], skipLibCheck: true, ...options });

const REACT = { jsx: 'react-jsx' };

/** `file`'s error lines (1-based), from tsc's `file(line,col): error` output. */
const errorLines = (out: string, file: string) =>
  [...new Set([...out.matchAll(new RegExp(`${file.replace('.', '\\.')}\\((\\d+),\\d+\\): error`, 'g'))].map((m) => Number(m[1])))].sort((a, b) => a - b);

describe('framework types (dist/types/react.d.ts, vue.d.ts)', () => {
  before(() => {
    for (const f of ['dist/types/react.d.ts', 'dist/types/vue.d.ts', 'dist/custom-elements.json']) {
      assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} is missing: build first (node scripts/build.js)`);
    }
    project = consumerProject('da-framework-', ['@types/react', ...(HAS_VUE ? ['vue'] : [])]);
  });
  after(() => {
    project?.remove();
  });

  it('package.json exposes both entries as types', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types?: string }> };
    assert.equal(pkg.exports['./react']?.types, './dist/types/react.d.ts');
    assert.equal(pkg.exports['./vue']?.types, './dist/types/vue.d.ts');
  });

  it('every tag of the manifest is typed in both files', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/custom-elements.json'), 'utf8')) as {
      modules: Array<{ declarations?: Array<{ tagName?: string }> }>;
    };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []));
    assert.ok(tags.includes('cpap-dashboard') && tags.includes('da-text-input'), tags.join(', '));
    for (const file of ['react.d.ts', 'vue.d.ts']) {
      const text = fs.readFileSync(path.join(ROOT, 'dist/types', file), 'utf8');
      for (const tag of tags) assert.match(text, new RegExp(`"${tag}": Da`), `${file}: ${tag}`);
    }
  });

  it('a strict React 19 TSX consumer compiles', async () => {
    const good = `import type {} from 'data-app-elements/react';
import { useRef, useState } from 'react';

export function App() {
  const [name, setName] = useState('');
  const input = useRef<HTMLElementTagNameMap['da-text-input']>(null);
  const onDraw = (e: CustomEvent<{ ms: number }>) => e.detail.ms.toFixed(1);
  return (
    <>
      <da-text-input ref={input} label="x" value={name} required kind="integer" min={1} help-text="h"
        onda-input={(e) => setName(e.detail.value)} onda-change={(e) => e.detail.value.trim()}
        class="c" className="d" id="i" slot="s" style={{ color: 'red' }} aria-label="Name" />
      <da-metric-card value={3} alert-threshold={2} alertBelow unit="bpm" precision={1}>
        <span slot="footer">note</span>
      </da-metric-card>
      <da-metric-card value="n/a" alert-threshold="2" />
      <cpap-dashboard api-url="/" token="t" theme="dark" persist="local"
        onda-analysis={(e) => e.detail.metrics.apnea_count + e.detail.fileName.length}
        onda-upload={(e) => e.detail.upload.patient_mrn + Number(e.detail.delivered)}
        onda-pressure-change={(e) => e.detail.value - (e.detail.previous ?? 0)} />
      <da-tabs selected="a" label="Views" onda-tab-change={(e) => e.detail.name.toUpperCase()}>
        <da-tab panel="a">A</da-tab>
        <da-tab-panel name="a" eager>content</da-tab-panel>
      </da-tabs>
      <da-file-uploader accept=".txt" max-size={1000} multiple busy progress={0.5}
        onda-files-selected={(e) => e.detail.files[0]?.name} onda-error={(e) => e.detail.reason === 'size'}
        onda-cancel={(e) => Object.keys(e.detail).length} />
      <da-expander summary="More" open onda-toggle={(e) => e.detail.open}>details</da-expander>
      <da-flow-chart time={new Float64Array(2)} flow={new Float64Array(2)} breathTimes={[1]} apneaSpans={[[1, 2]]}
        x-label="t" theme="light" onda-zoom={(e) => e.detail.max - e.detail.min} onda-draw={onDraw} />
    </>
  );
}
`;
    const { code, out } = await tsc('good.tsx', good, REACT);
    assert.equal(code, 0, out);
  });

  it('wrong property types, detail fields and tags do not compile in TSX', async () => {
    const bad = [
      "import type {} from 'data-app-elements/react';", // 1
      'export const a = <da-text-input value={3} />;', // 2: value is a string
      'export const b = <da-text-input onda-input={(e) => e.detail.files} />;', // 3: da-input carries { value }
      'export const c = <da-text-input type="number" />;', // 4: not one of the input types
      'export const d = <da-metric-card alert-threshold={true} />;', // 5: a number
      'export const e = <da-tabs onda-tab-change={(e) => e.detail.value} />;', // 6: da-tab-change carries { name }
      'export const f = <cpap-dashboard persist="cookie" />;', // 7: session, local or none
      'export const g = <da-expander open="yes" />;', // 8: a boolean
      'export const h = <da-text-inputs />;', // 9: no such tag
      'export const ok = <da-text-input value="fine" />;', // 10
    ].join('\n');
    const { code, out } = await tsc('bad.tsx', bad + '\n', REACT);
    assert.notEqual(code, 0, 'tsc accepted bad.tsx');
    assert.deepEqual(errorLines(out, 'bad.tsx'), [2, 3, 4, 5, 6, 7, 8, 9], out);
  });

  it('a Vue consumer gets every tag in GlobalComponents, with props and da-* events', { skip: !HAS_VUE && 'vue is not installed' }, async () => {
    const good = `import type {} from 'data-app-elements/vue';
import type { GlobalComponents } from 'vue';
import type { DaValueDetail } from 'data-app-elements';

type Instance<T extends 'da-text-input' | 'da-metric-card' | 'cpap-dashboard' | 'da-tabs'> = InstanceType<GlobalComponents[T]>;
type Props<T extends 'da-text-input' | 'da-metric-card' | 'cpap-dashboard' | 'da-tabs'> = Instance<T>['$props'];

export const input: Props<'da-text-input'> = { label: 'x', value: 'y', helpText: 'h', 'help-text': 'h', class: 'c', id: 'i' };
export const card: Props<'da-metric-card'> = { value: 3, 'alert-threshold': 2, alertThreshold: 2 };
export const dash: Props<'cpap-dashboard'> = { 'api-url': '/', apiUrl: '/', persist: 'none' };
declare const el: Instance<'da-text-input'>;
el.$emit('da-input', new CustomEvent<DaValueDetail>('da-input', { detail: { value: 'x' } }));
export const value: string = el.value;
declare const tabs: Instance<'da-tabs'>;
tabs.$emit('da-tab-change', new CustomEvent('da-tab-change', { detail: { name: 'a' } }));
`;
    const ok = await tsc('vue-good.ts', good);
    assert.equal(ok.code, 0, ok.out);

    const bad = [
      "import type {} from 'data-app-elements/vue';", // 1
      "import type { GlobalComponents } from 'vue';", // 2
      "type Props<T extends 'da-text-input' | 'cpap-dashboard'> = InstanceType<GlobalComponents[T]>['$props'];", // 3
      'export const a: Props<"da-text-input"> = { value: 3 };', // 4: value is a string
      'export const b: Props<"cpap-dashboard"> = { persist: "cookie" };', // 5
      "declare const el: InstanceType<GlobalComponents['da-text-input']>;", // 6
      "el.$emit('da-input', new CustomEvent('da-input', { detail: { files: [] } }));", // 7: detail is { value }
      'export {};', // 8
    ].join('\n');
    const { code, out } = await tsc('vue-bad.ts', bad + '\n');
    assert.notEqual(code, 0, 'tsc accepted vue-bad.ts');
    assert.deepEqual(errorLines(out, 'vue-bad.ts'), [4, 5, 7], out);
  });
});
