// The Custom Elements Manifest (dist/custom-elements.json, written by scripts/custom-elements.js) as
// Storybook reads it: the one source of the docs pages' descriptions, argTypes (controls) and the
// events the actions panel listens to. `npm run build-storybook` writes the manifest first.
import manifest from '../dist/custom-elements.json';

interface Item {
  name: string;
  kind?: string;
  description?: string;
  summary?: string;
  attribute?: string;
  fieldName?: string;
  readonly?: boolean;
  type?: { text: string };
}
interface Declaration extends Item {
  tagName?: string;
  members?: Item[];
  attributes?: Item[];
  events?: Item[];
  slots?: Item[];
  cssParts?: Item[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const declarations = (m: Manifest) => m.modules.flatMap((mod) => mod.declarations ?? []).filter((d) => d.tagName);

/**
 * The manifest fitted to Storybook's reader: the element's description is its `@summary` (Storybook
 * shows `description` only); an attribute that reflects a property is listed once, as the property
 * (the stories' args are property names), with its attribute named in the description; read-only
 * properties say so. Storybook keys argTypes by name, so slots and CSS parts are named as written
 * (`slot="label"`, `::part(label)`) and do not replace the property of the same name.
 */
export function storybookManifest(source: Manifest = manifest as Manifest): Manifest {
  const copy = structuredClone(source);
  for (const d of declarations(copy)) {
    d.description = [d.summary, d.description].filter(Boolean).join('\n\n');
    const fields = (d.members ?? []).filter((m) => m.kind === 'field');
    for (const f of fields) {
      // `number | undefined` gets a number control: Storybook picks controls from plain type names.
      if (f.type) f.type = { text: f.type.text.replace(/\s*\|\s*(undefined|null)\b/g, '') };
      const notes = [f.attribute && `Attribute: \`${f.attribute}\`.`, f.readonly && 'Read-only.'].filter(Boolean);
      if (notes.length) f.description = [f.description, ...notes].filter(Boolean).join(' ');
    }
    const reflected = new Set(fields.map((f) => f.attribute).filter(Boolean));
    d.attributes = (d.attributes ?? []).filter((a) => !reflected.has(a.name));
    for (const slot of d.slots ?? []) slot.name = slot.name ? `slot="${slot.name}"` : '(default slot)';
    for (const part of d.cssParts ?? []) part.name = `::part(${part.name})`;
  }
  return copy;
}

/** The `da-*` events an element dispatches (its `@event` tags), for `parameters.actions.handles`. */
export function eventsOf(tagName: string, source: Manifest = manifest as Manifest): string[] {
  const d = declarations(source).find((x) => x.tagName === tagName);
  if (!d) throw new Error(`${tagName} is not in dist/custom-elements.json`);
  return (d.events ?? []).map((e) => e.name).filter((n) => n.startsWith('da-'));
}
