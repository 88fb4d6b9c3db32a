import { css } from 'lit';

export const fileUploaderStyles = css`
  :host {
    display: block;
    --_drop-border: var(--da-uploader-border-color, var(--_border));
    --_drop-bg: var(--da-uploader-background, var(--_surface));
    --_drop-active: var(--da-uploader-active-color, var(--_accent));
  }
  .base {
    display: grid;
    gap: var(--_space);
  }
  .label {
    font-weight: 600;
  }
  .dropzone {
    all: unset;
    box-sizing: border-box;
    display: grid;
    gap: calc(var(--_space) / 2);
    justify-items: center;
    text-align: center;
    padding: calc(var(--_space) * 3) calc(var(--_space) * 2);
    border: 2px dashed var(--_drop-border);
    border-radius: var(--_radius);
    background: var(--_drop-bg);
    color: var(--_text);
    cursor: pointer;
  }
  .dropzone:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  :host([dragging]) .dropzone {
    border-color: var(--_drop-active);
    border-style: solid;
    background: var(--_surface-alt);
  }
  .dropzone:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .browse {
    color: var(--_accent);
    text-decoration: underline;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .files {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .file {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    background: var(--_surface-alt);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .size {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .progress {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  progress {
    flex: 1;
    height: 0.5rem;
    accent-color: var(--da-uploader-progress-color, var(--_accent));
  }
  .cancel {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    cursor: pointer;
  }
  .cancel:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .error {
    color: var(--_danger);
  }
  .error:empty {
    display: none;
  }
`;
