// The layout's rules, checked: what each part may import (docs/architecture.md), and the file sizes
// that keep each file to one job.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Part of a file: `core`, `worker`, ..., `events`, `server`, or `other`. */
function partOf(file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'server') return 'server';
  if (rel[0] !== 'src') return 'other';
  if (rel[1] === 'events.ts') return 'events';
  if (rel[1] === 'index.ts') return 'index';
  if (rel[1] === 'patient-api' && rel[2] === 'contract.ts') return 'contract';
  return rel[1]!;
}

/**
 * Which parts each part may import (packages are not listed: any). `events` is the catalogue of
 * `da-*` event types: every entry re-exports it so that its types reach consumers.
 */
const allowed: Record<string, string[]> = {
  core: ['core'],
  worker: ['worker', 'core', 'events'],
  cli: ['cli', 'core', 'node'],
  node: ['node', 'core'], // Node-only: the core on worker threads (src/node)
  store: ['store', 'events'],
  contract: [],
  'patient-api': ['patient-api', 'contract'],
  events: ['core', 'contract', 'store'],
  elements: ['elements', 'store', 'events', 'core', 'locale'],
  locale: ['locale', 'elements'], // the shipped non-English strings tables, loaded on demand by elements/shared/locale.ts
  dashboard: ['dashboard', 'elements', 'store', 'events', 'core', 'worker', 'patient-api', 'contract'],
  server: ['server', 'contract', 'core'],
  index: ['core', 'worker', 'store', 'events', 'elements', 'dashboard', 'patient-api', 'contract', 'locale'],
};

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'server'))].filter((f) => !f.endsWith('test-support.ts'));
const specifiers = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

describe('architecture', () => {
  it('each part imports only the parts below it', () => {
    const broken: string[] = [];
    for (const file of files) {
      const part = partOf(file);
      for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = partOf(path.resolve(path.dirname(file), spec));
        if (target !== part && !allowed[part]!.includes(target)) broken.push(`${path.relative(root, file)} (${part}) imports ${spec} (${target})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('the contract imports nothing and touches no DOM; the core touches no DOM', () => {
    const contract = fs.readFileSync(path.join(root, 'src/patient-api/contract.ts'), 'utf8');
    assert.deepEqual(specifiers(contract), []);
    for (const file of [path.join(root, 'src/patient-api/contract.ts'), ...sources(path.join(root, 'src/core'))]) {
      const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      assert.doesNotMatch(code, /\b(document|window|HTMLElement|customElements)\b/, path.relative(root, file));
    }
  });

  it('no source file over 400 lines; the dashboard shell at most 250', () => {
    const long = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'server'))]
      .map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > 400);
    assert.deepEqual(long, []);
    const shell = fs.readFileSync(path.join(root, 'src/dashboard/cpap-dashboard.ts'), 'utf8').split('\n').length - 1;
    assert.ok(shell <= 250, `cpap-dashboard.ts has ${shell} lines`);
  });
});
