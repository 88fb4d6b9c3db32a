// The Custom Elements Manifest (dist/custom-elements.json), written by `node scripts/build.js` from the
// TSDoc headers of the element classes (`@summary @slot @event @csspart @cssproperty`) and their Lit
// `@property` declarations. The one source the framework types (scripts/framework-types.js) read.
//
// Three small plugins fit the analyzer to this code base:
// - tags: our define modules call `defineElement('da-x', DaX)` (src/elements/shared/define.ts), not
//   `customElements.define`, so those calls are read as definitions here;
// - events: a `da-*` event's type is `CustomEvent<Detail>` with Detail from the one catalogue,
//   src/events.ts's `DaEventMap` (the TSDoc headers name and describe the events);
// - public API only: private and protected members, Lit's statics and `@state` fields are dropped.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = import.meta.dirname;

/** `{ 'da-input': 'DaValueDetail', ... }`, read from src/events.ts's `DaEventMap`. */
function eventCatalogue() {
  const source = fs.readFileSync(path.join(ROOT, 'src/events.ts'), 'utf8');
  const body = /export interface DaEventMap \{([^}]*)\}/.exec(source)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/'(da-[a-z-]+)'\s*:\s*(\w+)/g)].map((m) => [m[1], m[2]]));
}

/** `defineElement('tag', Class)` in a define module: a custom element definition, like `customElements.define`. */
function defineElementCalls() {
  return {
    name: 'data-app-elements: defineElement calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      // Only literal tags and named classes: `defineElement(tag, ctor)` itself and the dashboard's
      // lazily defined private helper (`m.CpapPatientsView`) are not public definitions.
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      const source = node.getSourceFile();
      let module = moduleDoc.path;
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
        const bindings = statement.importClause.namedBindings;
        if (ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === klass.text)) {
          module = path.posix.join(path.posix.dirname(moduleDoc.path), statement.moduleSpecifier.text);
        }
      }
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.text, declaration: { name: klass.text, module } },
      ];
    },
  };
}

/** Event types from the catalogue; events without a catalogue entry (native ones) keep the plain `Event`. */
function catalogueEventTypes() {
  return {
    name: 'data-app-elements: event types from src/events.ts',
    packageLinkPhase({ customElementsManifest }) {
      const catalogue = eventCatalogue();
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          for (const event of decl.events ?? []) {
            const detail = catalogue[event.name];
            if (detail) event.type = { text: `CustomEvent<${detail}>` };
            else if (!event.type) event.type = { text: 'Event' };
          }
        }
      }
    },
  };
}

/** Keeps the public API: no private/protected members, no Lit plumbing, no `@state` fields. */
function publicApiOnly() {
  const litStatics = new Set(['styles', 'shadowRootOptions', 'formAssociated', 'properties', 'elementStyles']);
  return {
    name: 'data-app-elements: public API only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        // Module paths as written relative to the package root (the manifest ships at dist/).
        for (const decl of mod.declarations ?? []) {
          if (decl.members) {
            decl.members = decl.members.filter(
              (m) =>
                m.privacy !== 'private' &&
                m.privacy !== 'protected' &&
                !m.name.startsWith('#') &&
                !(m.static && litStatics.has(m.name)),
            );
          }
        }
      }
    },
  };
}

export default {
  globs: [
    'src/elements/*/*.ts',
    'src/dashboard/cpap-dashboard.ts',
    'src/dashboard/define.ts',
  ],
  exclude: [
    'src/**/*.test.ts',
    'src/**/*.styles.ts',
    'src/elements/shared/define.ts',
    'src/elements/shared/dev.ts',
    'src/elements/flow-chart/test-support.ts',
  ],
  outdir: 'dist',
  litelement: true,
  // package.json's "customElements" is written by hand (dist/custom-elements.json).
  packagejson: false,
  plugins: [defineElementCalls(), catalogueEventTypes(), publicApiOnly()],
};
