import { css } from 'lit';

export const metricCardStyles = css`
  :host {
    display: block;
    --_card-bg: var(--da-metric-background, var(--_surface));
    --_card-border: var(--da-metric-border-color, var(--_border));
    --_alert: var(--da-metric-alert-color, var(--_danger));
  }
  .card {
    background: var(--_card-bg);
    border: 1px solid var(--_card-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  :host(:state(alert)) .card {
    border-color: var(--_alert);
    box-shadow: inset 4px 0 0 var(--_alert);
  }
  /* The alert stripe on the inline-start side: an inset shadow has no logical form. */
  :host(:dir(rtl):state(alert)) .card {
    box-shadow: inset -4px 0 0 var(--_alert);
  }
  .label {
    color: var(--_muted);
    font-weight: 600;
  }
  .value {
    font-size: var(--da-metric-value-size, 1.75rem);
    font-variant-numeric: tabular-nums;
    line-height: 1.2;
  }
  .unit {
    font-size: 0.55em;
    color: var(--_muted);
    margin-inline-start: 0.05em;
  }
  .placeholder {
    font-size: 1rem;
    color: var(--_muted);
    font-style: italic;
  }
  .delta {
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  .delta.good {
    color: var(--_success);
  }
  .delta.bad {
    color: var(--_danger);
  }
  .delta.neutral {
    color: var(--_muted);
  }
  .badge {
    justify-self: start;
    color: var(--_alert);
    font-weight: 700;
  }
  .badge:empty {
    display: none;
  }
`;
