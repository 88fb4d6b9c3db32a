import { css } from 'lit';

export const textInputStyles = css`
  :host {
    display: block;
    --_input-bg: var(--da-input-background, var(--_surface));
    --_input-border: var(--da-input-border-color, var(--_border));
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  label {
    font-weight: 600;
  }
  .required-mark {
    color: var(--_danger);
    margin-inline-start: 0.15em;
  }
  input {
    font: inherit;
    color: var(--_text);
    background: var(--_input-bg);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75) var(--_space);
    min-width: 0;
  }
  input:focus-visible {
    outline: var(--_focus);
    outline-offset: 1px;
  }
  :host([data-user-invalid]) input {
    border-color: var(--_danger);
  }
  input:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input[readonly] {
    background: var(--_surface-alt);
  }
  .help {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .error {
    color: var(--_danger);
    font-size: 0.9em;
  }
`;
