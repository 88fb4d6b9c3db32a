// axe-core is a UMD script: importing it for effect sets `window.axe`.
import 'axe-core';

type Axe = typeof import('axe-core');

/** Runs axe-core on `el` (including its shadow tree) and throws listing every violation. */
export async function expectNoA11yViolations(el: Element): Promise<void> {
  const axe = (window as unknown as { axe: Axe }).axe;
  const result = await axe.run(el, { resultTypes: ['violations'] });
  if (result.violations.length) {
    const lines = result.violations.map(
      (v) => `${v.id}: ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    throw new Error(`a11y violations:\n${lines.join('\n')}`);
  }
}
