// The element list is derived once, from src/elements/*/define.ts (scripts/elements.js). src/index.ts
// keeps static `export * from` lines (bundlers need them): this holds it to the folder.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, elements } from '../../scripts/elements.js';

it('finds every element folder with the tags its define.ts defines', () => {
  const found = elements();
  assert.ok(found.length >= 6, found.map((e) => e.name).join(', '));
  for (const e of found) {
    assert.ok(fs.existsSync(path.join(ROOT, e.define)), e.define);
    assert.ok(e.tags.every((t) => t.startsWith('da-')), `${e.name}: ${e.tags.join(', ')}`);
  }
  assert.ok(!found.some((e) => e.name === 'shared'), 'src/elements/shared/ holds helpers, not an element');
  assert.ok(found.some((e) => e.name === 'flow-chart'));
});

it('src/index.ts exports every element of src/elements/', () => {
  const index = fs.readFileSync(path.join(ROOT, 'src/index.ts'), 'utf8');
  for (const e of elements()) {
    const line = `export * from './elements/${e.name}/define.ts';`;
    assert.ok(index.includes(line), `src/index.ts lacks \`${line}\``);
  }
});
