// A TypeScript consumer project of the published package, for the type tests: a temp folder whose
// `node_modules/data-app-elements` links to this repository (its package.json "exports" and the
// built dist/types), plus any other packages it names, type-checked by the repository's tsc.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

export interface ConsumerProject {
  dir: string;
  /** Writes `file` and type-checks it alone with `strict` on; `options` are added compiler options. */
  check(file: string, source: string, options?: Record<string, unknown>): Promise<{ code: number; out: string }>;
  remove(): void;
}

/** `links`: paths under node_modules/ (e.g. `@types/react`) linked from this repository's node_modules. */
export function consumerProject(prefix: string, links: string[] = []): ConsumerProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules/data-app-elements'), 'dir');
  for (const link of links) {
    fs.mkdirSync(path.dirname(path.join(dir, 'node_modules', link)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', link), path.join(dir, 'node_modules', link), 'dir');
  }
  return {
    dir,
    check(file, source, options = {}) {
      fs.writeFileSync(path.join(dir, file), source);
      const config = path.join(dir, `${file}.tsconfig.json`);
      const compilerOptions = { noEmit: true, strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [], ...options };
      fs.writeFileSync(config, JSON.stringify({ compilerOptions, files: [file] }));
      return new Promise((resolve) => {
        execFile(process.execPath, [TSC, '-p', config], { cwd: dir }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr });
        });
      });
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
