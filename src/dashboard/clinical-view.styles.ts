import { css } from 'lit';
import { tokens } from '../elements/shared/tokens.styles.ts';

/** The clinical view's styles: the legend's swatches mirror the chart's bands (solid, hatched, dotted). */
export const clinicalViewStyles = [
  tokens,
  css`
    :host { display: block; color: var(--_text); }
    h4 { margin: var(--_space) 0 calc(var(--_space) / 2); font-size: 0.95rem; }
    .metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: var(--_space); margin-bottom: var(--_space); }
    .note, figcaption { color: var(--_muted); font-size: 0.85rem; margin: 0 0 calc(var(--_space) / 2); }
    .band { font-size: 0.85rem; }
    .legend { display: flex; flex-wrap: wrap; gap: calc(var(--_space) * 2); list-style: none; margin: 0 0 var(--_space); padding: 0; font-size: 0.85rem; }
    .legend li { display: flex; align-items: center; gap: calc(var(--_space) / 2); }
    .swatch { display: inline-block; inline-size: 1.6rem; block-size: 0.9rem; box-sizing: border-box; }
    .swatch.apnea { background: var(--da-chart-apnea, light-dark(rgba(220, 38, 38, 0.18), rgba(248, 113, 113, 0.28)));
      border-inline: 2px solid var(--da-chart-event-edge, light-dark(rgba(153, 27, 27, 0.85), rgba(254, 202, 202, 0.85))); }
    .swatch.hypopnea { background: repeating-linear-gradient(-45deg, var(--da-chart-hypopnea, light-dark(rgba(180, 83, 9, 0.55), rgba(251, 191, 36, 0.6))) 0 1.5px, transparent 1.5px 6px);
      border-inline: 2px dashed var(--da-chart-event-edge, light-dark(rgba(153, 27, 27, 0.85), rgba(254, 202, 202, 0.85))); }
    .swatch.flag { border-inline: 2px dotted var(--da-chart-event-edge, light-dark(rgba(153, 27, 27, 0.85), rgba(254, 202, 202, 0.85))); }
    .warnings { margin: 0 0 var(--_space); padding-inline-start: 1.2rem; color: var(--_warning); }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
    th, td { text-align: start; padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--_surface-alt); }
    tbody th { font-weight: normal; }
    tr[aria-current='true'] { background: var(--_surface-alt); }
    button { font: inherit; padding: 0.35rem 0.8rem; border-radius: var(--_radius); border: 1px solid var(--_accent); background: transparent; color: var(--_accent); cursor: pointer; }
    button.link { border: none; text-decoration: underline; padding: 0 0.25rem; }
    button:disabled { opacity: 0.5; cursor: not-allowed; }
    button:focus-visible { outline: var(--_focus); outline-offset: 2px; }
    .pager, .actions { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: center; margin: calc(var(--_space) / 2) 0 var(--_space); }
    .trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: var(--_space); }
    .trend { margin: 0; }
    .trend svg { display: block; inline-size: 100%; block-size: 4rem; }
    .trend .line { fill: none; stroke: var(--_accent); stroke-width: 1.5; vector-effect: non-scaling-stroke; }
    .trend .dot { fill: var(--_accent); }
    .trend .redline { stroke: var(--_danger); stroke-width: 1; stroke-dasharray: 4 3; vector-effect: non-scaling-stroke; }
  `,
];
