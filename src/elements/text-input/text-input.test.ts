import './define.ts';
import type { DaTextInput } from './text-input.ts';
import { equal, ok, deepEqual, fixture, cleanup, nextEvent, settle } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';

const inner = (el: DaTextInput) => el.shadowRoot!.querySelector('input')!;
const errorText = (el: DaTextInput) => {
  const e = el.shadowRoot!.querySelector<HTMLElement>('[part=error]')!;
  return e.hidden ? '' : e.textContent!.trim();
};
function type(el: DaTextInput, text: string) {
  const input = inner(el);
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

describe('da-text-input', () => {
  afterEach(cleanup);

  describe('accessibility', () => {
    it('has no axe violations (plain, invalid, disabled, dark)', async () => {
      const form = await fixture<HTMLFormElement>(`<form>
        <da-text-input label="Patient name" help-text="As on the card" name="n"></da-text-input>
        <da-text-input label="Pressure" kind="integer" min="4" max="25" value="40" name="p"></da-text-input>
        <da-text-input label="Code" disabled value="x"></da-text-input>
        <div style="color-scheme: dark; background: #202124"><da-text-input label="Dark" value="y"></da-text-input></div>
      </form>`);
      (form.querySelectorAll('da-text-input')[1] as DaTextInput).reportValidity();
      await settle(form);
      await expectNoA11yViolations(form);
    });
    it('labels the input and links help text', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="Name" help-text="Full name"></da-text-input>`);
      const input = inner(el);
      const label = el.shadowRoot!.querySelector('label')!;
      equal(label.htmlFor, input.id);
      ok(input.getAttribute('aria-describedby')!.includes(`${input.id}-help`));
    });
  });

  describe('properties and attributes', () => {
    it('renders label, placeholder, value and password type', async () => {
      const el = await fixture<DaTextInput>(
        `<da-text-input label="Secret" placeholder="type here" type="password" value="abc"></da-text-input>`,
      );
      equal(el.value, 'abc');
      equal(inner(el).value, 'abc');
      equal(inner(el).type, 'password');
      equal(inner(el).placeholder, 'type here');
      ok(el.shadowRoot!.textContent!.includes('Secret'));
    });
    it('reflects disabled/readonly to the inner input', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="A" disabled readonly></da-text-input>`);
      ok(inner(el).disabled);
      ok(inner(el).readOnly);
      el.disabled = false;
      await settle(el);
      ok(!inner(el).disabled);
    });
    it('setting value updates the input', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="A"></da-text-input>`);
      el.value = 'hello';
      await el.updateComplete;
      equal(inner(el).value, 'hello');
    });
  });

  describe('validation', () => {
    it('integer kind 4..25', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="Pressure" kind="integer" min="4" max="25"></da-text-input>`);
      ok(el.checkValidity());
      for (const [v, valid, flag] of [
        ['10', true, ''],
        ['3', false, 'rangeUnderflow'],
        ['26', false, 'rangeOverflow'],
        ['4.5', false, 'badInput'],
        ['abc', false, 'badInput'],
        ['25', true, ''],
      ] as const) {
        el.value = v;
        await el.updateComplete;
        equal(el.checkValidity(), valid, `value ${v}`);
        if (flag) ok(el.validity[flag], `${flag} for ${v}`);
      }
      el.value = '12';
      await el.updateComplete;
      equal(el.typedValue, 12);
    });
    it('required, pattern, minlength, maxlength', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="Id" required pattern="[A-Z]+" minlength="2" maxlength="4"></da-text-input>`);
      ok(el.validity.valueMissing);
      equal(el.validationMessage, 'Id is required.');
      el.value = 'a';
      await el.updateComplete;
      ok(el.validity.tooShort);
      el.value = 'ABCDE';
      await el.updateComplete;
      ok(el.validity.tooLong);
      el.value = 'ab';
      await el.updateComplete;
      ok(el.validity.patternMismatch);
      el.value = 'AB';
      await el.updateComplete;
      ok(el.checkValidity());
    });
    it('shows the message after the user edits, and on reportValidity', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="Pressure" kind="integer" min="4" max="25"></da-text-input>`);
      equal(errorText(el), '');
      type(el, '30');
      inner(el).dispatchEvent(new Event('change'));
      await el.updateComplete;
      equal(errorText(el), 'Enter a whole number from 4 to 25.');
      equal(inner(el).getAttribute('aria-invalid'), 'true');
      const el2 = await fixture<DaTextInput>(`<da-text-input label="B" required></da-text-input>`);
      equal(el2.reportValidity(), false);
      await el2.updateComplete;
      equal(errorText(el2), 'B is required.');
    });
  });

  describe('events', () => {
    it('emits da-input and input on typing, da-change and change on commit', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="A"></da-text-input>`);
      const seen: string[] = [];
      el.addEventListener('da-input', (e) => seen.push(`da-input:${e.detail.value}`));
      el.addEventListener('input', (e) => seen.push(`input:${(e.target as DaTextInput).value}`));
      el.addEventListener('da-change', (e) => seen.push(`da-change:${e.detail.value}`));
      el.addEventListener('change', () => seen.push('change'));
      type(el, 'x');
      inner(el).dispatchEvent(new Event('change'));
      deepEqual(seen, ['da-input:x', 'input:x', 'da-change:x', 'change']);
    });
    it('da-change bubbles out of a shadow root (composed)', async () => {
      const el = await fixture<DaTextInput>(`<da-text-input label="A"></da-text-input>`);
      const p = nextEvent<CustomEvent>(document, 'da-change');
      type(el, 'y');
      inner(el).dispatchEvent(new Event('change'));
      equal((await p).detail.value, 'y');
    });
  });

  describe('keyboard', () => {
    it('focus() reaches the inner input; Enter submits the form', async () => {
      const form = await fixture<HTMLFormElement>(`<form><da-text-input label="A" name="a" value="1"></da-text-input></form>`);
      const el = form.querySelector('da-text-input')!;
      el.focus();
      equal(el.shadowRoot!.activeElement, inner(el));
      let submitted = false;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted = true;
      });
      inner(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      ok(submitted);
    });
  });

  describe('form participation', () => {
    it('FormData holds the value; reset restores the default; invalid blocks submit', async () => {
      const form = await fixture<HTMLFormElement>(`<form>
        <da-text-input label="Name" name="name" value="Ann"></da-text-input>
        <da-text-input label="Pressure" name="pressure" kind="integer" min="4" max="25" value="10"></da-text-input>
        <da-text-input label="Off" name="off" value="z" disabled></da-text-input>
      </form>`);
      const [name, pressure] = form.querySelectorAll('da-text-input');
      let fd = new FormData(form);
      equal(fd.get('name'), 'Ann');
      equal(fd.get('pressure'), '10');
      equal(fd.get('off'), null, 'disabled is not submitted');
      type(name, 'Bob');
      await name.updateComplete;
      equal(new FormData(form).get('name'), 'Bob');
      form.reset();
      await name.updateComplete;
      equal(name.value, 'Ann');
      equal(new FormData(form).get('name'), 'Ann');

      pressure.value = '30';
      await pressure.updateComplete;
      equal(form.checkValidity(), false);
      let submitted = false;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted = true;
      });
      form.requestSubmit();
      equal(submitted, false, 'invalid field blocks submit');
      pressure.value = '12';
      await pressure.updateComplete;
      form.requestSubmit();
      equal(submitted, true);
      fd = new FormData(form);
      equal(fd.get('pressure'), '12');
    });
    it('a disabled fieldset disables it', async () => {
      const form = await fixture<HTMLFormElement>(`<form><fieldset disabled><da-text-input label="A" name="a" value="1"></da-text-input></fieldset></form>`);
      const el = form.querySelector('da-text-input')!;
      await el.updateComplete;
      ok(inner(el).disabled);
      equal(new FormData(form).get('a'), null);
    });
  });
});

describe('da-text-input state restore', () => {
  afterEach(cleanup);
  it('formStateRestoreCallback restores the value', async () => {
    const form = await fixture<HTMLFormElement>(`<form><da-text-input label="A" name="a"></da-text-input></form>`);
    const el = form.querySelector('da-text-input')!;
    el.formStateRestoreCallback('restored');
    await el.updateComplete;
    equal(el.value, 'restored');
    equal(new FormData(form).get('a'), 'restored');
  });
});
