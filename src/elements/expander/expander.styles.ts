import { css } from 'lit';

export const expanderStyles = css`
  :host {
    display: block;
    --_exp-border: var(--da-expander-border-color, var(--_border));
    --_exp-bg: var(--da-expander-background, var(--_surface));
  }
  .base {
    border: 1px solid var(--_exp-border);
    border-radius: var(--_radius);
    background: var(--_exp-bg);
  }
  .header {
    all: unset;
    box-sizing: border-box;
    width: 100%;
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    cursor: pointer;
    font: inherit;
    font-weight: 600;
    color: var(--_text);
    border-radius: var(--_radius);
  }
  .header:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .header:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .summary {
    flex: 1;
  }
  .icon {
    transition: rotate var(--da-expander-duration, 150ms);
  }
  :host([open]) .icon {
    rotate: 90deg;
  }
  /* Right to left: the closed marker points to the inline start (◂) and turns down when open. */
  :host(:dir(rtl)) .icon {
    scale: -1 1;
  }
  :host(:dir(rtl)[open]) .icon {
    rotate: -90deg;
  }
  .content {
    padding: 0 calc(var(--_space) * 1.5) calc(var(--_space) * 1.5);
  }
  @media (prefers-reduced-motion: reduce) {
    .icon {
      transition: none;
    }
  }
`;
