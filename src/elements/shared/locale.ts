/**
 * Localization: one strings table per locale, chosen by the nearest `lang` (the closest ancestor
 * with `lang`, crossing shadow roots through their host; else `<html lang>`; else English).
 * English ships in the bundle; Spanish is loaded on first use; a host adds its own with
 * `registerLocale('de', { ... })` (missing keys fall back to English).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Strings } from './strings-en.ts';

export type { Strings };
export { en };

const tables = new Map<string, Partial<Strings>>([['en', en]]);
const merged = new Map<string, Strings>();
/** Shipped tables loaded on first use, so a page in English does not pay for them. */
const shipped: Record<string, () => Promise<{ es: Partial<Strings> }>> = { es: () => import('../../locale/es.ts') };
const loading = new Map<string, Promise<void>>();
const controllers = new Set<LocaleController>();

/** Registers (or extends) the strings of `locale`; keys left out fall back to English. Elements re-render. */
export function registerLocale(locale: string, strings: Partial<Strings>): void {
  const key = locale.toLowerCase();
  tables.set(key, { ...tables.get(key), ...strings });
  merged.clear();
  refreshAll();
}

/** The table's key for `lang`: itself if known, else its language ('es-MX' -> 'es'), else 'en'. */
function tableKey(lang: string): string {
  const l = lang.toLowerCase();
  const base = l.split('-')[0]!;
  for (const k of [l, base]) if (tables.has(k) || k in shipped) return k;
  return 'en';
}

/** Loads a shipped table (e.g. 'es') now; resolves once elements can show it. */
export function loadLocale(lang: string): Promise<void> {
  const key = tableKey(lang);
  if (tables.has(key) || !(key in shipped)) return Promise.resolve();
  let p = loading.get(key);
  if (!p) {
    p = shipped[key]!().then((m) => registerLocale(key, { ...m.es, ...tables.get(key) }));
    loading.set(key, p);
  }
  return p;
}

/** The complete strings for `lang` (English for every key the table lacks). */
export function stringsFor(lang: string): Strings {
  const key = tableKey(lang);
  if (!tables.has(key)) void loadLocale(key);
  let s = merged.get(key);
  if (!s) merged.set(key, (s = { ...en, ...tables.get(key) } as Strings));
  return s;
}

/** The locale that applies to `el`: its nearest `lang`, crossing shadow roots; else the document's; else 'en'. */
export function localeFor(el: Element): string {
  let n: Node | null = el;
  while (n) {
    if (n instanceof Element && n.getAttribute('lang')) return n.getAttribute('lang')!;
    n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null);
  }
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

let observer: MutationObserver | undefined;
function refreshAll(): void {
  for (const c of controllers) c.refresh();
}

/**
 * Gives an element its strings and locale: `this.t = new LocaleController(this)`, then
 * `this.t.s.required(label)`, `this.t.num(1234.5, { maximumFractionDigits: 1 })`.
 */
export class LocaleController implements ReactiveController {
  lang = 'en';
  s: Strings = en;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    controllers.add(this);
    if (!observer && typeof MutationObserver !== 'undefined') {
      observer = new MutationObserver(refreshAll);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    }
    this.resolve();
  }

  hostDisconnected(): void {
    controllers.delete(this);
  }

  hostUpdate(): void {
    this.resolve();
  }

  /** Re-reads the locale; re-renders the host if its strings changed. */
  refresh(): void {
    const before = this.s;
    this.resolve();
    if (this.s !== before) this.host.requestUpdate();
  }

  private resolve(): void {
    this.lang = this.host.isConnected ? localeFor(this.host) : this.lang;
    this.s = stringsFor(this.lang);
  }

  /** `n` through `Intl.NumberFormat` in this locale. */
  num(n: number, options?: Intl.NumberFormatOptions): string {
    return new Intl.NumberFormat(this.lang, options).format(n);
  }
}
