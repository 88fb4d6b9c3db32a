// The Custom Elements Manifest (dist/custom-elements.json, written by scripts/build.js): every element
// of scripts/elements.js and <cpap-dashboard>, each with what its source declares. The expectations
// are read from the sources themselves (the TSDoc header's @slot/@event/@csspart/@cssproperty lines,
// the `@property` declarations), so the test fails when the manifest drops something.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { elements } from '../../scripts/elements.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANIFEST = path.join(ROOT, 'dist/custom-elements.json');

interface Named {
  name: string;
  description?: string;
  type?: { text: string };
}
interface Field extends Named {
  kind: string;
  default?: string;
  attribute?: string;
}
interface Attribute extends Named {
  fieldName?: string;
}
interface Declaration extends Named {
  kind: string;
  tagName?: string;
  summary?: string;
  members?: Field[];
  attributes?: Attribute[];
  events?: Named[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  modules: Array<{ path: string; declarations?: Declaration[]; exports?: Array<{ kind: string; name: string; declaration: { name: string; module?: string } }> }>;
}

/** The catalogue: `{ 'da-input': 'DaValueDetail', ... }` from src/events.ts's DaEventMap. */
const eventsSource = fs.readFileSync(path.join(ROOT, 'src/events.ts'), 'utf8');
const CATALOGUE = Object.fromEntries(
  [...(/export interface DaEventMap \{([^}]*)\}/.exec(eventsSource)?.[1] ?? '').matchAll(/'(da-[a-z-]+)'\s*:\s*(\w+)/g)].map((m) => [m[1]!, m[2]!]),
);

/** Every public tag: the element folders' define.ts tags, and the dashboard. */
const TAGS = [...elements().flatMap((e) => e.tags), 'cpap-dashboard'].sort();

/** What a class's source declares: its TSDoc header's tags and its `@property` fields. */
interface Declared {
  summary: boolean;
  slots: string[];
  events: string[];
  parts: string[];
  cssProperties: string[];
  properties: Array<{ name: string; attribute: string | null; hasDefault: boolean }>;
}

function classSource(file: string, className: string): { header: string; body: string; base: string | null } {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const start = source.indexOf(`export class ${className} `);
  assert.ok(start >= 0, `${file}: class ${className} not found`);
  const before = source.slice(0, start);
  const header = before.slice(before.lastIndexOf('/**'));
  assert.ok(header.trimEnd().endsWith('*/'), `${className}: no TSDoc header right above the class`);
  const rest = source.slice(start);
  const next = rest.indexOf('\nexport class ', 1);
  const body = next > 0 ? rest.slice(0, next) : rest;
  const base = /^export class \w+ extends (\w+)/.exec(body)?.[1] ?? null;
  return { header, body, base };
}

const tagNames = (header: string, tag: string) =>
  [...header.matchAll(new RegExp(`@${tag}(?:\\s+\\{[^}]*\\})?\\s+(?:(-)(?=\\s)|([\\w:-]+))`, 'g'))].map((m) => (m[1] ? '' : m[2]!));

function declared(file: string, className: string): Declared {
  const { header, body, base } = classSource(file, className);
  const properties = [...body.matchAll(/@property\((\{[^)]*\})?\)\s+(?:override\s+)?(?:declare\s+)?(\w+)[?!]?(?::[^=;]+)?(=)?/g)].map((m) => {
    const options = m[1] ?? '';
    const attr = /attribute:\s*(false|'([^']+)'|"([^"]+)")/.exec(options);
    const attribute = attr ? (attr[1] === 'false' ? null : (attr[2] ?? attr[3])!) : m[2]!.toLowerCase();
    return { name: m[2]!, attribute, hasDefault: !!m[3] };
  });
  const own: Declared = {
    summary: /@summary\s+\S/.test(header),
    slots: tagNames(header, 'slot'),
    events: tagNames(header, 'event'),
    parts: tagNames(header, 'csspart'),
    cssProperties: tagNames(header, 'cssproperty'),
    properties,
  };
  // A form control inherits `name`, `disabled` and `required` from the shared base.
  if (base === 'FormControl') own.properties.push(...declared('src/elements/shared/form-control.ts', 'FormControl').properties);
  return own;
}

/** The source module of a manifest module: its paths name the shipped dist/types/x.d.ts of src/x.ts. */
const sourceOf = (module: string) => module.replace(/^dist\/types\/(.+)\.d\.ts$/, 'src/$1.ts');

let manifest: Manifest;
const byTag = new Map<string, { decl: Declaration; module: string }>();

describe('custom elements manifest (dist/custom-elements.json)', () => {
  before(() => {
    assert.ok(fs.existsSync(MANIFEST), 'dist/custom-elements.json is missing: build first (node scripts/build.js)');
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
    for (const mod of manifest.modules) {
      for (const decl of mod.declarations ?? []) if (decl.tagName) byTag.set(decl.tagName, { decl, module: mod.path });
    }
  });

  it('package.json points at it and ships it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { customElements?: string; files: string[] };
    assert.equal(path.normalize(pkg.customElements ?? ''), path.normalize('dist/custom-elements.json'));
    assert.ok(pkg.files.includes('dist/custom-elements.json') || pkg.files.includes('dist'), pkg.files.join(', '));
  });

  it('names only files that ship (dist/types), never the sources', () => {
    const refs = JSON.stringify(manifest).match(/"(?:path|module)":\s*"[^"]*"/g) ?? [];
    assert.ok(refs.length > manifest.modules.length, 'module references found');
    for (const ref of refs) {
      const file = /"([^"]*)"$/.exec(ref)![1]!;
      assert.match(file, /^dist\/types\/.+\.d\.ts$/, ref);
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} is missing`);
      assert.ok(fs.existsSync(path.join(ROOT, sourceOf(file))), `${sourceOf(file)} (its source) is missing`);
    }
  });

  it('lists every element and the dashboard, and no private helper', () => {
    assert.ok(TAGS.length >= 9, TAGS.join(', '));
    assert.deepEqual([...byTag.keys()].sort(), TAGS);
    assert.ok(!byTag.has('cpap-patients-view'), 'the private all-patients view is not public API');
    const definitions = manifest.modules.flatMap((m) => m.exports ?? []).filter((e) => e.kind === 'custom-element-definition');
    assert.deepEqual(definitions.map((d) => d.name).sort(), TAGS);
  });

  for (const tag of TAGS) {
    describe(tag, () => {
      let decl: Declaration;
      let source: Declared;
      before(() => {
        const found = byTag.get(tag);
        assert.ok(found, `${tag} is not in the manifest`);
        decl = found.decl;
        source = declared(sourceOf(found.module), decl.name);
      });

      it('has its summary, slots, CSS parts and CSS properties as the TSDoc header declares them', () => {
        assert.ok(source.summary && decl.summary, `${tag}: summary`);
        const names = (list?: Named[]) => (list ?? []).map((x) => x.name).sort();
        assert.deepEqual(names(decl.slots), [...source.slots].sort(), 'slots');
        assert.deepEqual(names(decl.cssParts), [...source.parts].sort(), 'CSS parts');
        assert.deepEqual(names(decl.cssProperties), [...source.cssProperties].sort(), 'CSS properties');
        for (const list of [decl.slots, decl.cssParts, decl.cssProperties]) {
          for (const item of list ?? []) assert.ok(item.description, `${tag}: ${item.name || '(default slot)'} has no description`);
        }
      });

      it('has its events, each typed with its detail type from the catalogue', () => {
        const events = new Map((decl.events ?? []).map((e) => [e.name, e]));
        for (const name of source.events) {
          const event = events.get(name);
          assert.ok(event, `${tag}: event ${name} missing`);
          assert.ok(event.description, `${tag}: event ${name} has no description`);
          if (name.startsWith('da-')) {
            assert.ok(CATALOGUE[name], `${tag}: ${name} is not in src/events.ts's DaEventMap`);
            assert.equal(event.type?.text, `CustomEvent<${CATALOGUE[name]}>`, `${tag}: ${name}`);
          }
        }
        const daEvents = [...events.keys()].filter((n) => n.startsWith('da-')).sort();
        assert.deepEqual(daEvents, source.events.filter((n) => n.startsWith('da-')).sort(), `${tag}: da-* events`);
      });

      it('has every public property documented, typed, with its attribute and default', () => {
        assert.ok(source.properties.length > 0, `${tag}: no @property found in the source`);
        const fields = new Map((decl.members ?? []).filter((m) => m.kind === 'field').map((m) => [m.name, m]));
        const attributes = new Map((decl.attributes ?? []).map((a) => [a.name, a]));
        for (const p of source.properties) {
          const field = fields.get(p.name);
          assert.ok(field, `${tag}: property ${p.name} missing`);
          assert.ok(field.description, `${tag}: property ${p.name} has no description`);
          assert.ok(field.type?.text, `${tag}: property ${p.name} has no type`);
          if (p.hasDefault) assert.ok(field.default !== undefined, `${tag}: property ${p.name} has no default`);
          assert.equal(field.attribute, p.attribute ?? undefined, `${tag}: property ${p.name}'s attribute`);
          if (p.attribute) {
            const attribute = attributes.get(p.attribute);
            assert.ok(attribute, `${tag}: attribute ${p.attribute} missing`);
            assert.equal(attribute.fieldName, p.name, `${tag}: attribute ${p.attribute}'s property`);
            assert.ok(attribute.type?.text, `${tag}: attribute ${p.attribute} has no type`);
          }
        }
        // Nothing private leaks: no `@state` fields, no private or protected members.
        const stateFields = [...classSource(sourceOf(byTag.get(tag)!.module), decl.name).body.matchAll(/@state\(\)\s+(?:private|protected)\s+(\w+)/g)].map((m) => m[1]!);
        for (const name of stateFields) assert.ok(!fields.has(name), `${tag}: internal state ${name} is in the manifest`);
      });
    });
  }
});
