import { css } from 'lit';

/**
 * Public tokens are `--da-chart-*`; each resolves into a private `--_*` property that the element
 * reads when it draws, so a page may set the tokens on any ancestor. Light and dark come from the
 * library's one mechanism (`color-scheme` inherited or set by `theme`, see shared/tokens.styles.ts),
 * through `light-dark()`.
 */
export const flowChartStyles = css`
  :host {
    --_line: var(--da-chart-line, light-dark(#1d4ed8, #93c5fd));
    --_fill: var(--da-chart-fill, light-dark(rgba(29, 78, 216, 0.08), rgba(147, 197, 253, 0.1)));
    --_grid: var(--da-chart-grid, light-dark(rgba(15, 23, 42, 0.1), rgba(226, 232, 240, 0.12)));
    --_axis: var(--da-chart-axis, light-dark(#374151, #d1d5db));
    --_apnea: var(--da-chart-apnea, light-dark(rgba(220, 38, 38, 0.18), rgba(248, 113, 113, 0.28)));
    --_hypopnea: var(--da-chart-hypopnea, light-dark(rgba(180, 83, 9, 0.55), rgba(251, 191, 36, 0.6)));
    --_event-edge: var(--da-chart-event-edge, light-dark(rgba(153, 27, 27, 0.85), rgba(254, 202, 202, 0.85)));
    --_breath: var(--da-chart-breath, light-dark(#047857, #6ee7b7));
    --_background: var(--da-chart-background, light-dark(#ffffff, #111827));
    --_font: var(--da-chart-font, 12px system-ui, sans-serif);
    --_focus: var(--da-chart-focus-ring, light-dark(#2563eb, #93c5fd));
    display: block;
    position: relative;
    height: var(--da-chart-height, 300px);
    min-width: 120px;
    color: var(--_axis);
    font: var(--_font);
  }

  :host([hidden]) {
    display: none;
  }

  .base {
    position: relative;
    box-sizing: border-box;
    width: 100%;
    height: 100%;
    background: var(--_background);
    border-radius: var(--da-chart-radius, 0);
  }

  .plot {
    position: absolute;
    inset: 0;
    overflow: hidden;
    outline: none;
    cursor: crosshair;
  }

  .plot:focus-visible {
    box-shadow: inset 0 0 0 2px var(--_focus);
  }

  .empty,
  .loading {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    pointer-events: none;
    color: var(--_axis);
  }

  .loading {
    background: color-mix(in srgb, var(--_background) 70%, transparent);
    pointer-events: auto;
  }

  /* The chart's own legend is off; its root must not add height below the plot. */
  .uplot {
    font: var(--_font);
  }
`;
