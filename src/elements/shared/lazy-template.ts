/**
 * Lazy content in plain HTML: a `<template>` child of a lazy container (expander, tab panel) is
 * stamped (cloned, never parsed from strings) into the light DOM the first time it is shown.
 */
export function stampTemplates(host: HTMLElement): void {
  for (const child of [...host.children]) {
    if (child instanceof HTMLTemplateElement && !child.slot) {
      child.replaceWith(child.content.cloneNode(true));
    }
  }
}
