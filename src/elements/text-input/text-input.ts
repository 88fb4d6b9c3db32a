import { html, isServer, nothing, type PropertyDeclaration, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { FormControl } from '../shared/form-control.ts';
import { tokens } from '../shared/tokens.styles.ts';
import { emit } from '../../events.ts';
import { BindController } from '../../store/bind.ts';
import { devWarn } from '../shared/dev.ts';
import { LocaleController } from '../shared/locale.ts';
import { textInputStyles } from './text-input.styles.ts';

let nextId = 0;

/**
 * @summary A labelled text field that is a real form control (ElementInternals), with its own
 * validation (required, pattern, length, whole numbers in a range) and a visible message.
 *
 * @slot label - Overrides the `label` attribute with rich content.
 * @slot help-text - Overrides the `help-text` attribute.
 *
 * @event da-input - On every edit. Detail `{ value: string }`.
 * @event da-change - When an edit is committed (blur/Enter). Detail `{ value: string }`.
 * @event change - Native-like `change` (bubbles, not composed) alongside `da-change`.
 * @event input - Native-like `input` (bubbles, composed) alongside `da-input`.
 *
 * @csspart base - The wrapper of label, input, help and error.
 * @csspart label - The `<label>`.
 * @csspart input - The native `<input>`.
 * @csspart help-text - The help text.
 * @csspart error - The validation message (shown once the user touched the field or submitted).
 *
 * @cssproperty --da-input-background - Input background.
 * @cssproperty --da-input-border-color - Input border colour.
 */
export class DaTextInput extends FormControl {
  static override styles = [tokens, textInputStyles];
  static override shadowRootOptions = { ...FormControl.shadowRootOptions, delegatesFocus: true };

  /**
   * Current value (a string, also for `kind="integer"`). Once set (also before the element is
   * defined or connected), as on a native input, the `value` attribute no longer changes it until
   * `form.reset()`.
   */
  @property({ attribute: false }) value = '';
  /** Default value: the `value` attribute, restored by `form.reset()`. */
  @property({ attribute: 'value' }) defaultValue = '';
  /** Label of the field (the `label` slot overrides it); also names it in validation messages. */
  @property() label = '';
  /** Placeholder of the native input. */
  @property() placeholder = '';
  /** Help text under the field (the `help-text` slot overrides it). */
  @property({ attribute: 'help-text' }) helpText = '';
  /** `text` (default), `password`, `email`, `tel`, `url` or `search`. */
  @property() type: 'text' | 'password' | 'email' | 'tel' | 'url' | 'search' = 'text';
  /** `integer`: the value must be a whole number, within `min`/`max` when given. */
  @property() kind: 'text' | 'integer' = 'text';
  /** Regular expression (whole value, like the native attribute). */
  @property() pattern?: string;
  /** Fewest characters allowed. */
  @property({ type: Number }) minlength?: number;
  /** Most characters allowed (also passed to the native input). */
  @property({ type: Number }) maxlength?: number;
  /** Lowest allowed whole number when `kind="integer"`. */
  @property({ type: Number }) min?: number;
  /** Highest allowed whole number when `kind="integer"`. */
  @property({ type: Number }) max?: number;
  /** The value can be selected and submitted but not edited. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Autofill hint, passed to the native input's `autocomplete`. */
  @property() autocomplete?: string;

  /** Shows the error message once the user edited the field or a submit was attempted. */
  @state() private touched = false;
  private message = '';
  private dirty = false;
  /** `value` was set (the native "dirty value flag"): the `value` attribute no longer changes it. */
  private valueSet = false;
  private readonly inputId = `da-text-input-${++nextId}`;

  @query('input') private input!: HTMLInputElement;
  private readonly t = new LocaleController(this);

  constructor() {
    super();
    new BindController<DaTextInput>(this, {
      read: (el, v) => {
        const text = v == null ? '' : String(v);
        if (text === el.value) return;
        el.value = text;
        el.dirty = true;
      },
      event: 'da-input',
      // The raw text, also for kind="integer": a half-typed or invalid entry must survive the
      // store's echo; readers convert (see `typedValue`).
      write: (el) => el.value,
    });
    this.addEventListener('invalid', () => {
      this.touched = true;
    });
  }

  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: PropertyDeclaration): void {
    // Every assignment of `value` but its initialiser (old value undefined): by the host, the store
    // or the user, also one made before the upgrade, which Lit applies in the first update.
    if (name === 'value' && oldValue !== undefined) this.valueSet = true;
    super.requestUpdate(name, oldValue, options);
  }

  private get hasHelp(): boolean {
    // On the server (SSR) the light DOM is not known: the help-text attribute only.
    return !!this.helpText || (!isServer && !!this.querySelector(':scope > [slot=help-text]'));
  }

  /** `kind="integer"`: the number, or null when empty/invalid; otherwise the string value. */
  get typedValue(): string | number | null {
    if (this.kind !== 'integer') return this.value;
    return /^[+-]?\d+$/.test(this.value.trim()) ? Number(this.value) : null;
  }

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  /** Selects the text in the field. */
  select(): void {
    this.input?.select();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('defaultValue') && !this.dirty && !this.valueSet) this.useDefault();
    this.validate();
  }

  protected override firstUpdated(): void {
    if (!this.label && !this.querySelector('[slot=label]') && !this.hasAttribute('aria-label')) {
      devWarn(this, 'has no label: set the `label` attribute or fill the `label` slot.');
    }
  }

  protected override updated(): void {
    // The anchor (inner input) exists only after the first render.
    const v = this.value;
    this.internals.setFormValue(v, v);
    if (this.message) this.internals.setValidity(this.flags, this.message, this.input);
    else this.internals.setValidity({});
    this.toggleAttribute('data-user-invalid', this.touched && !!this.message);
  }

  private flags: ValidityStateFlags = {};

  /** Computes flags and message before render, so the message shows in the same update. */
  private validate(): void {
    const v = this.value;
    const trimmed = v.trim();
    const { s } = this.t;
    const n = (x: number) => this.t.num(x);
    const name = this.label || s.thisField;
    let flags: ValidityStateFlags = {};
    let msg = '';
    if (this.required && !trimmed) {
      flags = { valueMissing: true };
      msg = s.required(name);
    } else if (v && this.kind === 'integer') {
      if (!/^[+-]?\d+$/.test(trimmed)) {
        flags = { badInput: true };
        msg = s.wholeNumber;
      } else if (this.min != null && Number(trimmed) < this.min) {
        flags = { rangeUnderflow: true };
        msg = this.max != null ? s.wholeNumberRange(n(this.min), n(this.max)) : s.atLeast(n(this.min));
      } else if (this.max != null && Number(trimmed) > this.max) {
        flags = { rangeOverflow: true };
        msg = this.min != null ? s.wholeNumberRange(n(this.min), n(this.max)) : s.atMost(n(this.max));
      }
    } else if (v && this.minlength != null && v.length < this.minlength) {
      flags = { tooShort: true };
      msg = s.tooShort(n(this.minlength), n(v.length));
    } else if (v && this.maxlength != null && v.length > this.maxlength) {
      flags = { tooLong: true };
      msg = s.tooLong(n(this.maxlength), n(v.length));
    } else if (v && this.pattern && !this.matchesPattern(v)) {
      flags = { patternMismatch: true };
      msg = this.title || s.pattern;
    }
    this.flags = flags;
    this.message = msg;
  }

  private matchesPattern(v: string): boolean {
    try {
      return new RegExp(`^(?:${this.pattern})$`, 'v').test(v);
    } catch {
      return true; // an invalid pattern is ignored, as by the native input
    }
  }

  /** Shows the default value; the value follows the `value` attribute again. */
  private useDefault(): void {
    this.value = this.defaultValue;
    this.valueSet = false;
  }

  protected override resetToDefault(): void {
    this.dirty = false;
    this.touched = false;
    this.useDefault();
  }

  protected override restoreState(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = state;
  }

  private onInput(e: Event): void {
    e.stopPropagation(); // the host is the event target for the outside
    this.dirty = true;
    this.value = (e.target as HTMLInputElement).value;
    emit(this, 'da-input', { value: this.value });
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  private onChange(): void {
    this.touched = true;
    emit(this, 'da-change', { value: this.value });
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private onBlur(): void {
    if (this.dirty) this.touched = true;
  }

  private onKeydown(e: KeyboardEvent): void {
    // Enter submits the surrounding form, like a native input.
    if (e.key === 'Enter' && !e.isComposing && this.form) this.form.requestSubmit();
  }

  protected override render() {
    const showError = this.touched && !!this.message;
    const helpId = `${this.inputId}-help`;
    const errorId = `${this.inputId}-error`;
    const describedBy = [this.hasHelp ? helpId : '', showError ? errorId : ''].filter(Boolean).join(' ');
    return html`
      <div class="field" part="base">
        <label part="label" for=${this.inputId}
          ><slot name="label">${this.label}</slot
          >${this.required ? html`<span class="required-mark" aria-hidden="true">*</span>` : nothing}</label
        >
        <input
          part="input"
          id=${this.inputId}
          name=${ifDefined(this.name || undefined)}
          type=${this.type}
          .value=${live(this.value)}
          placeholder=${ifDefined(this.placeholder || undefined)}
          ?disabled=${this.isDisabled}
          ?readonly=${this.readonly}
          ?required=${this.required}
          maxlength=${ifDefined(this.maxlength)}
          inputmode=${ifDefined(this.kind === 'integer' ? 'numeric' : undefined)}
          autocomplete=${ifDefined(this.autocomplete as never)}
          aria-invalid=${showError ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy || undefined)}
          @input=${this.onInput}
          @change=${this.onChange}
          @blur=${this.onBlur}
          @keydown=${this.onKeydown}
        />
        <div class="help" part="help-text" id=${helpId} ?hidden=${!this.hasHelp}>
          <slot name="help-text">${this.helpText}</slot>
        </div>
        <div class="error" part="error" id=${errorId} ?hidden=${!showError}>${showError ? this.message : ''}</div>
      </div>
    `;
  }
}
