/**
 * Typed `da-` events: every event bubbles and is composed (crosses shadow roots).
 * The detail types of all our events live here so `addEventListener('da-change', e => e.detail)`
 * is typed anywhere (see the `GlobalEventHandlersEventMap` entries below).
 */

/** `da-input` / `da-change` from da-text-input: `value`; from da-file-uploader: `files`. */
export interface DaChangeDetail {
  value?: string;
  files?: File[];
}
export interface DaFilesDetail {
  files: File[];
}
export type DaErrorReason = 'type' | 'size';
export interface DaErrorDetail {
  reason: DaErrorReason;
  file: File;
  message: string;
}
export interface DaTabChangeDetail {
  name: string;
}
export interface DaToggleDetail {
  open: boolean;
}

export interface DaEventMap {
  'da-input': DaChangeDetail;
  'da-change': DaChangeDetail;
  'da-files-selected': DaFilesDetail;
  'da-error': DaErrorDetail;
  'da-cancel': Record<string, never>;
  'da-tab-change': DaTabChangeDetail;
  'da-toggle': DaToggleDetail;
}

/** Dispatches a typed, bubbling, composed `da-` event from `target`; returns the event. */
export function emit<K extends keyof DaEventMap>(
  target: EventTarget,
  type: K,
  detail: DaEventMap[K],
  cancelable = false,
): CustomEvent<DaEventMap[K]> {
  const event = new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
  target.dispatchEvent(event);
  return event;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'da-input': CustomEvent<DaChangeDetail>;
    'da-change': CustomEvent<DaChangeDetail>;
    'da-files-selected': CustomEvent<DaFilesDetail>;
    'da-error': CustomEvent<DaErrorDetail>;
    'da-cancel': CustomEvent<Record<string, never>>;
    'da-tab-change': CustomEvent<DaTabChangeDetail>;
    'da-toggle': CustomEvent<DaToggleDetail>;
  }
}
