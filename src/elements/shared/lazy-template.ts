import { isServer } from 'lit';

/**
 * Lazy content in plain HTML: a `<template>` child of a lazy container (expander, tab panel) is
 * stamped (cloned, never parsed from strings) into the light DOM the first time it is shown.
 * On the server (SSR) there is no light DOM to stamp into: the browser stamps it when it shows it.
 */
export function stampTemplates(host: HTMLElement): void {
  if (isServer) return;
  for (const child of [...host.children]) {
    if (child instanceof HTMLTemplateElement && !child.slot) {
      child.replaceWith(child.content.cloneNode(true));
    }
  }
}
