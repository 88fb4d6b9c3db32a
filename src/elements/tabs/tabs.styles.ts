import { css } from 'lit';

export const tabsStyles = css`
  :host {
    display: block;
    --_tabs-indicator: var(--da-tabs-indicator-color, var(--_accent));
    --_tabs-border: var(--da-tabs-border-color, var(--_border));
  }
  .tablist {
    display: flex;
    gap: calc(var(--_space) / 2);
    /* A shadow, not a border: the selected tab's underline covers it without overflowing the row
       (overflow-x: auto also makes it scroll vertically). */
    box-shadow: inset 0 -1px 0 var(--_tabs-border);
    overflow-x: auto;
  }
  .panels {
    padding-block: var(--_space);
  }
`;

export const tabStyles = css`
  :host {
    display: inline-flex;
    align-items: center;
    padding: var(--_space) calc(var(--_space) * 1.5);
    cursor: pointer;
    color: var(--_muted);
    border-bottom: 3px solid transparent;
    user-select: none;
    white-space: nowrap;
  }
  :host([aria-selected='true']) {
    color: var(--_text);
    border-bottom-color: var(--da-tabs-indicator-color, var(--_accent));
    font-weight: 600;
  }
  :host(:focus-visible) {
    outline: var(--_focus);
    outline-offset: -2px;
  }
  :host([disabled]) {
    cursor: not-allowed;
    opacity: 0.6;
  }
`;

export const tabPanelStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  :host(:focus-visible) {
    outline: var(--_focus);
    outline-offset: 2px;
  }
`;
