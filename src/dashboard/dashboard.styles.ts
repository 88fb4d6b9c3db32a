import { css } from 'lit';
import { tokens } from '../elements/shared/tokens.styles.ts';

export const dashboardStyles = [
  tokens,
  css`
    :host {
      display: block;
      max-width: var(--cpap-dashboard-max-width, 72rem);
      margin: 0 auto;
      color-scheme: light dark;
      background: var(--_surface);
      color: var(--_text);
      padding: calc(var(--_space) * 2);
      box-sizing: border-box;
    }
    :host([theme='light']) { color-scheme: light; }
    :host([theme='dark']) { color-scheme: dark; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: var(--_space); }
    h2 { margin: 0 0 var(--_space); font-size: 1.4rem; }
    h3 { margin: calc(var(--_space) * 2) 0 var(--_space); font-size: 1.05rem; }
    h3 small { font-weight: normal; color: var(--_muted); }
    h4 { margin: var(--_space) 0 calc(var(--_space) / 2); font-size: 0.95rem; }
    .server { margin: 0; color: var(--_muted); display: flex; gap: var(--_space); flex-wrap: wrap; }
    .warn { color: var(--_warning); }
    da-expander, da-tabs { margin-bottom: var(--_space); }
    .settings { display: grid; gap: var(--_space); max-width: 28rem; }
    .check { display: flex; gap: var(--_space); align-items: center; }
    .columns { display: grid; grid-template-columns: minmax(16rem, 22rem) 1fr; gap: calc(var(--_space) * 3); }
    @media (max-width: 52rem) { .columns { grid-template-columns: 1fr; } }
    form { display: grid; gap: var(--_space); align-content: start; }
    .sample-row { display: grid; grid-template-columns: 1fr auto; gap: calc(var(--_space) / 2) var(--_space); align-items: center; }
    .sample-row label { grid-column: 1 / -1; font-weight: 600; }
    select, button { font: inherit; }
    select { padding: 0.35rem; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); color: var(--_text); }
    button {
      padding: 0.45rem 0.9rem; border-radius: var(--_radius); border: 1px solid var(--_accent);
      background: var(--_accent); color: var(--_on-accent); cursor: pointer;
    }
    button.secondary { background: transparent; color: var(--_accent); }
    button.link { background: none; border: none; color: var(--_accent); text-decoration: underline; padding: 0 0.25rem; }
    button:disabled { opacity: 0.5; cursor: not-allowed; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: var(--_focus); outline-offset: 2px; }
    .actions { display: flex; gap: var(--_space); align-items: center; margin-top: var(--_space); }
    .hint { color: var(--_muted); }
    .notice { margin: 0; padding: 0.5rem 0.75rem; border-radius: var(--_radius); border-inline-start: 4px solid var(--_accent); background: var(--_surface-alt); }
    .notice.success { border-color: var(--_success); }
    .notice.error { border-color: var(--_danger); color: var(--_danger); }
    .error { color: var(--_danger); }
    .metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: var(--_space); margin-bottom: var(--_space); }
    da-flow-chart { display: block; margin-bottom: var(--_space); }
    .outbox ul, .details ul { margin: 0; padding-inline-start: 1.2rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: start; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--_surface-alt); }
  `,
];
