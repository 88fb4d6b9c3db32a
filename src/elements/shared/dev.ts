// Dev-mode warnings for misuse; `import.meta.env.DEV` is false in a Vite production build, which
// then drops the calls and their messages (dist/lib, dist/cdn). dist/lib-dev is built with it true,
// and package.json's `development` export condition points there, as Lit does: an app's dev server
// (Vite, webpack in development) shows the warnings, its production build does not carry them.
// Outside Vite (tests, plain ESM) warnings are on.
const DEV: boolean = (import.meta as ImportMeta & { env?: { DEV?: boolean } }).env?.DEV ?? true;

const warned = new WeakSet<Element>();

/** Warns once per element about a misuse that still renders but hurts users (e.g. no label). */
export function devWarn(el: Element, message: string): void {
  if (!DEV || warned.has(el)) return;
  warned.add(el);
  console.warn(`<${el.localName}>: ${message}`);
}
