import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { FormControl } from '../shared/form-control.ts';
import { tokens } from '../shared/tokens.styles.ts';
import { emit, type DaErrorDetail } from '../../events.ts';
import { BindController } from '../../store/bind.ts';
import { upgradeProperties } from '../shared/upgrade-properties.ts';
import { LocaleController } from '../shared/locale.ts';
import { acceptsFile, formatBytes } from './file-checks.ts';
import { fileUploaderStyles } from './file-uploader.styles.ts';

/**
 * @summary Choose files by click, keyboard (the drop zone is a real button: Enter/Space) or
 * drag-and-drop; type and size are checked from metadata before anything is read. The host drives
 * `busy` and `progress` while it analyses a file; a Cancel button then emits `da-cancel`.
 * A form control: FormData gets the File(s) under `name`.
 *
 * @slot label - Overrides the `label` attribute.
 * @slot prompt - Overrides the text inside the drop zone.
 *
 * @event da-files-selected - Accepted files were chosen. Detail `{ files: File[] }`.
 * @event da-change - At the same moment as `da-files-selected`. Detail `{ value: string }`: the chosen
 *   files' names joined by `", "` (the same detail shape as da-text-input's `da-change`).
 * @event da-error - A file was rejected. Detail `{ reason: 'type' | 'size', file: File, message: string }`.
 * @event da-cancel - The user pressed Cancel while `busy`. Detail `{}`.
 *
 * @csspart base - The wrapper.
 * @csspart label - The label above the drop zone.
 * @csspart dropzone - The drop zone `<button>`.
 * @csspart hint - Accepted types and size limit.
 * @csspart file-list - The `<ul>` of chosen files.
 * @csspart file - One `<li>`.
 * @csspart file-name - A file's name.
 * @csspart file-size - A file's size.
 * @csspart progress - The progress row (shown while busy).
 * @csspart progress-bar - The `<progress>`.
 * @csspart cancel - The Cancel button.
 * @csspart error - The error message (`role="alert"`).
 *
 * @cssproperty --da-uploader-border-color - Dashed drop-zone border.
 * @cssproperty --da-uploader-background - Drop-zone background.
 * @cssproperty --da-uploader-active-color - Border while dragging over.
 * @cssproperty --da-uploader-progress-color - Progress bar colour.
 */
export class DaFileUploader extends FormControl {
  static override styles = [tokens, fileUploaderStyles];
  static override shadowRootOptions = { ...FormControl.shadowRootOptions, delegatesFocus: true };

  /** Label above the drop zone (the `label` slot overrides it). */
  @property() label = '';
  /** Like the native attribute: `.csv,.txt`, `text/*`, `application/json`. */
  @property() accept = '';
  /** Accepts more than one file at a time. */
  @property({ type: Boolean, reflect: true }) multiple = false;
  /** Largest accepted file in bytes (checked before reading). */
  @property({ type: Number, attribute: 'max-size' }) maxSize?: number;
  /** Set by the host while it works on the file(s): shows the progress row and Cancel. */
  @property({ type: Boolean, reflect: true }) busy = false;
  /** 0..1 while busy; null/undefined for an indeterminate bar. */
  @property({ type: Number }) progress: number | null | undefined = null;
  /** Text for the progress bar's accessible name. */
  /** Defaults to the locale's "Analysing". */
  @property({ attribute: 'progress-label' }) progressLabel = '';

  @state() private selected: File[] = [];
  @state() private error = '';
  @state() private dragging = false;

  @query('input[type=file]') private input!: HTMLInputElement;
  private readonly t = new LocaleController(this);
  private bytes = (n: number) => formatBytes(n, this.t.lang);

  constructor() {
    super();
    new BindController<DaFileUploader>(this, {
      read: (el, v) => {
        if (Array.isArray(v)) el.setFiles(v as File[]);
      },
      event: 'da-change',
      write: (el) => el.files,
    });
  }

  /** The accepted files currently chosen (a copy). */
  get files(): File[] {
    return [...this.selected];
  }
  /**
   * Sets the chosen files as the store does (no checks, no events), like a native file input's
   * `files`; also when set before the element is defined or connected.
   */
  set files(files: File[] | FileList) {
    this.setFiles([...files]);
  }

  /** Removes the chosen files and any error message. */
  clear(): void {
    this.setFiles([]);
    this.error = '';
  }

  /** Opens the system file picker. */
  openPicker(): void {
    if (!this.isDisabled && !this.busy) this.input?.click();
  }

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.dropzone')?.focus(options);
  }

  /** Checks and takes `files` as if the user chose them (emits the same events). */
  addFiles(files: File[]): void {
    if (this.isDisabled || this.busy) return;
    const candidates = this.multiple ? files : files.slice(0, 1);
    const accepted: File[] = [];
    const errors: DaErrorDetail[] = [];
    const { s } = this.t;
    for (const file of candidates) {
      if (this.accept && !acceptsFile(this.accept, file)) {
        errors.push({ reason: 'type', file, message: s.notAccepted(file.name, this.accept) });
      } else if (this.maxSize != null && file.size > this.maxSize) {
        errors.push({
          reason: 'size',
          file,
          message: s.tooBig(file.name, this.bytes(file.size), this.bytes(this.maxSize)),
        });
      } else accepted.push(file);
    }
    if (!this.multiple && files.length > 1 && !errors.length) {
      this.error = s.onlyOne;
    } else {
      this.error = errors.map((e) => e.message).join(' ');
    }
    for (const detail of errors) emit(this, 'da-error', detail);
    if (!accepted.length) return;
    this.setFiles(accepted);
    emit(this, 'da-files-selected', { files: this.files });
    emit(this, 'da-change', { value: this.files.map((f) => f.name).join(', ') });
  }

  private setFiles(files: File[]): void {
    this.selected = [...files];
    this.updateFormState();
  }

  private updateFormState(): void {
    if (this.name && this.selected.length) {
      const data = new FormData();
      for (const f of this.selected) data.append(this.name, f);
      this.internals.setFormValue(data);
    } else {
      this.internals.setFormValue(null);
    }
    if (this.required && !this.selected.length) {
      this.internals.setValidity({ valueMissing: true }, this.t.s.chooseFile, this.renderRoot.querySelector<HTMLElement>('.dropzone') ?? undefined);
    } else {
      this.internals.setValidity({});
    }
  }

  override connectedCallback(): void {
    // `files` is a plain accessor, not one of Lit's properties; before `bind` reads the store (it wins).
    upgradeProperties(this, ['files']);
    super.connectedCallback();
    this.updateFormState();
  }

  protected override firstUpdated(): void {
    this.updateFormState(); // anchor the validity to the drop zone now that it exists
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('name') || changed.has('required')) this.updateFormState();
    this.toggleAttribute('dragging', this.dragging);
  }

  protected override resetToDefault(): void {
    this.clear();
  }

  protected override restoreState(state: string | File | FormData | null): void {
    if (state instanceof FormData) this.setFiles(state.getAll(this.name).filter((v): v is File => v instanceof File));
    else if (state instanceof File) this.setFiles([state]);
  }

  private onInputChange(): void {
    const files = [...(this.input.files ?? [])];
    this.input.value = ''; // choosing the same file again fires change again
    if (files.length) this.addFiles(files);
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = this.isDisabled || this.busy ? 'none' : 'copy';
    this.dragging = !this.isDisabled && !this.busy;
  }

  private onDragLeave(): void {
    this.dragging = false;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) this.addFiles(files);
  }

  private onCancel(): void {
    emit(this, 'da-cancel', {});
  }

  private renderHint() {
    const parts = [];
    const { s } = this.t;
    if (this.accept) parts.push(s.accepted(this.accept.split(',').map((a) => a.trim()).join(', ')));
    if (this.maxSize != null) parts.push(s.upTo(this.bytes(this.maxSize)));
    return parts.join(' · ');
  }

  private renderProgress() {
    if (!this.busy) return nothing;
    const p = this.progress;
    const known = p != null && Number.isFinite(p);
    const pct = known ? Math.round(Math.min(1, Math.max(0, p)) * 100) : null;
    const name = this.selected.length === 1 ? ` ${this.selected[0].name}` : '';
    const label = this.progressLabel || this.t.s.analysing;
    const percent = known ? this.t.num(pct! / 100, { style: 'percent' }) : '';
    return html`<div class="progress" part="progress">
      ${known
        ? html`<progress part="progress-bar" max="1" .value=${Math.min(1, Math.max(0, p))} aria-label=${`${label}${name}`} aria-valuetext=${percent}></progress>`
        : html`<progress part="progress-bar" aria-label=${`${label}${name}`}></progress>`}
      <span aria-hidden="true">${percent}</span>
      <button class="cancel" part="cancel" type="button" @click=${this.onCancel}>${this.t.s.cancel}</button>
    </div>`;
  }

  protected override render() {
    const hint = this.renderHint();
    const inactive = this.isDisabled || this.busy;
    const { s } = this.t;
    return html`
      <div class="base" part="base">
        <div class="label" part="label" id="label" ?hidden=${!this.label}><slot name="label">${this.label}</slot></div>
        <button
          class="dropzone"
          part="dropzone"
          type="button"
          aria-labelledby=${this.label ? 'prompt label' : 'prompt'}
          aria-describedby="hint error"
          ?disabled=${inactive}
          @click=${this.openPicker}
          @dragover=${this.onDragOver}
          @dragenter=${this.onDragOver}
          @dragleave=${this.onDragLeave}
          @drop=${this.onDrop}
        >
          <span id="prompt" part="prompt"
            ><slot name="prompt">${this.multiple ? s.dropMany : s.dropOne} <span class="browse">${this.multiple ? s.browseMany : s.browseOne}</span></slot></span
          >
        </button>
        <span class="hint" part="hint" id="hint" ?hidden=${!hint}>${hint}</span>
        <input type="file" hidden tabindex="-1" accept=${this.accept} ?multiple=${this.multiple} @change=${this.onInputChange} />
        ${this.selected.length
          ? html`<ul class="files" part="file-list" aria-label=${s.chosenFiles}>
              ${this.selected.map(
                (f) => html`<li class="file" part="file">
                  <span part="file-name">${f.name}</span><span class="size" part="file-size">${this.bytes(f.size)}</span>
                </li>`,
              )}
            </ul>`
          : nothing}
        ${this.renderProgress()}
        <div class="error" part="error" id="error" role="alert">${this.error}</div>
      </div>
    `;
  }
}
