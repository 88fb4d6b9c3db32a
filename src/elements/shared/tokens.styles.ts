import { css } from 'lit';

/**
 * Design tokens shared by every element.
 *
 * Theming has one mechanism: the inherited CSS `color-scheme` property plus `light-dark()`.
 * - Light is the default. Dark: `color-scheme: dark` on any ancestor (e.g. `:root`), or the
 *   `theme="dark"` attribute on the element itself; `color-scheme: light dark` follows the OS.
 * - Every token can be overridden with a public `--da-*` custom property on any ancestor; the
 *   private `--_*` copies below only supply the default when the public one is unset.
 */
export const tokens = css`
  :host {
    --_font: var(--da-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--da-font-size, 0.875rem);
    --_radius: var(--da-radius, 6px);
    --_space: var(--da-space, 0.5rem);
    --_text: var(--da-color-text, light-dark(#1f1f1f, #e8eaed));
    --_muted: var(--da-color-text-muted, light-dark(#5f6368, #bdc1c6));
    --_surface: var(--da-color-surface, light-dark(#ffffff, #202124));
    --_surface-alt: var(--da-color-surface-alt, light-dark(#f1f3f4, #2d2e31));
    --_border: var(--da-color-border, light-dark(#80868b, #9aa0a6));
    --_accent: var(--da-color-accent, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: var(--da-color-on-accent, light-dark(#ffffff, #062e6f));
    --_danger: var(--da-color-danger, light-dark(#b3261e, #f2b8b5));
    --_success: var(--da-color-success, light-dark(#146c2e, #6dd58c));
    --_warning: var(--da-color-warning, light-dark(#8c4a00, #fdd663));
    --_focus: var(--da-focus-ring, 2px solid light-dark(#0b57d0, #a8c7fa));
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
