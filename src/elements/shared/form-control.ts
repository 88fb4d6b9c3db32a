import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';

/**
 * Base class of our form controls: a form-associated custom element over `ElementInternals`.
 * Subclasses call `setFormValue`/`setValidity` on `this.internals` and implement
 * `resetToDefault()` and `restoreState()`; a surrounding `<form>` or `<fieldset>` then just works
 * (FormData, reset, state restore after navigation, disabled fieldsets, blocked submission).
 */
export class FormControl extends LitElement {
  static formAssociated = true;

  protected readonly internals: ElementInternals;

  /** Name under which the value is submitted with the form. */
  @property({ reflect: true }) name = '';
  /** Disables the control; a disabled control is left out of FormData and validation. */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** A value is required for the form to submit. */
  @property({ type: Boolean, reflect: true }) required = false;

  /** Set when an ancestor `<fieldset disabled>` disables the control. */
  @state() protected formDisabled = false;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** The `<form>` the control belongs to, or null. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  /** The control's validity state, as on a native input. */
  get validity(): ValidityState {
    return this.internals.validity;
  }
  /** The message shown for an invalid value, or ''. */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  /** Whether the control takes part in constraint validation. */
  get willValidate(): boolean {
    return this.internals.willValidate;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  protected get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    // Reflecting our own `disabled` attribute calls this during an update, after render: a change
    // made then would be dropped, so render once more when the update is done.
    if (this.isUpdatePending) void this.updateComplete.then(() => this.requestUpdate());
  }
  formResetCallback(): void {
    this.resetToDefault();
  }
  formStateRestoreCallback(state: string | File | FormData | null): void {
    this.restoreState(state);
  }

  /** Restores the default value (form.reset()). */
  protected resetToDefault(): void {}
  /** Restores a value the browser saved (back/forward navigation, autofill). */
  protected restoreState(_state: string | File | FormData | null): void {}
}
