// test/browser/lazy-properties.test.ts (properties set before upgrade and before the first render)
// lists the elements it covers; this holds that list to the one the library derives from its source.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, elements } from '../../scripts/elements.js';

it('the lazy-properties browser test covers every element of scripts/elements.js, with its tags', () => {
  const source = fs.readFileSync(path.join(ROOT, 'test/browser/lazy-properties.test.ts'), 'utf8');
  const block = /const ELEMENTS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source)?.[1];
  assert.ok(block, 'no `const ELEMENTS = { ... };` in test/browser/lazy-properties.test.ts');
  const listed = Object.fromEntries(
    [...block.matchAll(/'?([a-z][a-z0-9-]*)'?:\s*\[([^\]]*)\]/g)].map((m) => [m[1], [...m[2]!.matchAll(/'([^']+)'/g)].map((t) => t[1]).sort()]),
  );
  const expected = Object.fromEntries(elements().map((e) => [e.name, [...e.tags].sort()]));
  assert.deepEqual(listed, expected);
  for (const e of elements()) {
    assert.ok(source.includes(`import('../../${e.define}')`), `the test imports ${e.define} itself`);
  }
});
