// `npm run build-storybook` keeps working: every story file compiles into a static Storybook.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { elementNames } from '../../scripts/elements.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('builds the Storybook with a story index covering every element and the dashboard', { timeout: 300_000 }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'storybook-'));
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '-o', out, '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')) as { entries: Record<string, { title: string }> };
    const titles = new Set(Object.values(index.entries).map((e) => e.title.toLowerCase()));
    for (const name of [...elementNames(), 'dashboard']) {
      assert.ok([...titles].some((t) => t.includes(name.replace('-', ' ')) || t.includes(name)), `a story for ${name} (titles: ${[...titles].join(', ')})`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
