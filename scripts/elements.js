// The library's elements, derived from the source tree: every folder of src/elements/ whose
// define.ts defines a tag. The one list the Vite entries, the size report, the package and
// Storybook tests and the src/index.ts check use (src/elements/shared/ holds helpers, no tag).
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
const ELEMENTS_DIR = path.join(ROOT, 'src', 'elements');
const TAG = /define(?:Element)?\(\s*['"]([a-z][a-z0-9]*-[a-z0-9-]*)['"]/g;

/** `[{ name: 'tabs', define: 'src/elements/tabs/define.ts', tags: ['da-tab', 'da-tab-panel', 'da-tabs'] }, ...]`, sorted by name. */
export function elements() {
  return fs
    .readdirSync(ELEMENTS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(ELEMENTS_DIR, d.name, 'define.ts')))
    .map((d) => {
      const define = path.join(ELEMENTS_DIR, d.name, 'define.ts');
      const tags = [...fs.readFileSync(define, 'utf8').matchAll(TAG)].map((m) => m[1]);
      return { name: d.name, define: path.relative(ROOT, define).split(path.sep).join('/'), tags };
    })
    .filter((e) => e.tags.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Just the folder names: `['expander', 'file-uploader', 'flow-chart', ...]`. */
export function elementNames() {
  return elements().map((e) => e.name);
}
