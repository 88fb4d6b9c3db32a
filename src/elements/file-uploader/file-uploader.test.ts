import './define.ts';
import type { DaFileUploader } from './file-uploader.ts';
import { sendKeys } from '@web/test-runner-commands';
import { equal, ok, deepEqual, fixture, cleanup, settle } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';

const csv = (name = 'night.csv', bytes = 10) => new File(['x'.repeat(bytes)], name, { type: 'text/csv' });
const $ = <T extends Element = HTMLElement>(el: DaFileUploader, sel: string) => el.shadowRoot!.querySelector<T & Element>(sel);
const dropzone = (el: DaFileUploader) => $<HTMLButtonElement>(el, '[part=dropzone]')!;

function drop(el: DaFileUploader, files: File[]) {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  dropzone(el).dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
}

describe('da-file-uploader', () => {
  afterEach(cleanup);

  describe('accessibility', () => {
    it('has no axe violations: empty, with files and error, busy, disabled, dark', async () => {
      const root = await fixture<HTMLDivElement>(`<div>
        <da-file-uploader label="CPAP recording" accept=".csv,.txt" max-size="100"></da-file-uploader>
        <da-file-uploader label="Busy" busy></da-file-uploader>
        <da-file-uploader label="Off" disabled></da-file-uploader>
        <div style="color-scheme: dark; background: #202124"><da-file-uploader label="Dark" busy></da-file-uploader></div>
      </div>`);
      const [first, busy] = root.querySelectorAll('da-file-uploader');
      drop(first, [csv(), csv('big.csv', 500)]);
      busy.progress = 0.4;
      await settle(root);
      await expectNoA11yViolations(root);
    });
    it('the drop zone is a named button', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader label="CPAP recording" accept=".csv"></da-file-uploader>`);
      equal(dropzone(el).tagName, 'BUTTON');
      equal(dropzone(el).getAttribute('aria-labelledby'), 'prompt label');
    });
  });

  describe('choosing files', () => {
    it('drop lists the file with its size and emits da-files-selected and da-change', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader accept=".csv"></da-file-uploader>`);
      const seen: string[] = [];
      el.addEventListener('da-files-selected', (e) => seen.push(`sel:${e.detail.files.map((f) => f.name)}`));
      el.addEventListener('da-change', (e) => seen.push(`chg:${e.detail.value}`));
      drop(el, [csv('a.csv', 2048)]);
      await el.updateComplete;
      deepEqual(seen, ['sel:a.csv', 'chg:a.csv']);
      equal(el.files.length, 1);
      equal($(el, '[part=file-name]')!.textContent, 'a.csv');
      equal($(el, '[part=file-size]')!.textContent, '2.0 KB');
    });
    it('the hidden input change path works; single mode keeps the first file', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader></da-file-uploader>`);
      const input = $<HTMLInputElement>(el, 'input[type=file]')!;
      const dt = new DataTransfer();
      dt.items.add(csv('one.csv'));
      dt.items.add(csv('two.csv'));
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
      await el.updateComplete;
      deepEqual(el.files.map((f) => f.name), ['one.csv']);
      const multi = await fixture<DaFileUploader>(`<da-file-uploader multiple></da-file-uploader>`);
      drop(multi, [csv('one.csv'), csv('two.csv')]);
      equal(multi.files.length, 2);
    });
    it('rejects wrong type and size with da-error and a visible message, before reading', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader accept=".csv,text/plain" max-size="100" multiple></da-file-uploader>`);
      const errors: string[] = [];
      el.addEventListener('da-error', (e) => errors.push(`${e.detail.reason}:${e.detail.file.name}`));
      const pdf = new File(['%PDF'], 'scan.pdf', { type: 'application/pdf' });
      const big = csv('big.csv', 101);
      let read = false;
      big.text = () => ((read = true), Promise.resolve(''));
      big.arrayBuffer = () => ((read = true), Promise.resolve(new ArrayBuffer(0)));
      drop(el, [pdf, big, new File(['a'], 'notes.txt', { type: 'text/plain' })]);
      await el.updateComplete;
      deepEqual(errors, ['type:scan.pdf', 'size:big.csv']);
      ok(!read, 'file content not read');
      deepEqual(el.files.map((f) => f.name), ['notes.txt']);
      const msg = $(el, '[part=error]')!;
      equal(msg.getAttribute('role'), 'alert');
      ok(msg.textContent!.includes('“scan.pdf” is not an accepted file type (.csv,text/plain).'));
      ok(msg.textContent!.includes('“big.csv” is 101 B; the limit is 100 B.'));
    });
    it('clear() empties the selection and the error', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader accept=".csv"></da-file-uploader>`);
      drop(el, [csv()]);
      el.clear();
      await el.updateComplete;
      equal(el.files.length, 0);
      equal($(el, '[part=file-list]'), null);
    });
  });

  describe('busy, progress and cancel', () => {
    it('shows progress and a cancel button emitting da-cancel; blocks new files', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader></da-file-uploader>`);
      equal($(el, '[part=progress]'), null);
      el.busy = true;
      await el.updateComplete;
      const bar = $<HTMLProgressElement>(el, 'progress')!;
      ok(!bar.hasAttribute('value'), 'indeterminate without progress');
      el.progress = 0.25;
      await el.updateComplete;
      equal($<HTMLProgressElement>(el, 'progress')!.value, 0.25);
      ok(dropzone(el).disabled);
      drop(el, [csv()]);
      equal(el.files.length, 0, 'ignored while busy');
      let cancelled = 0;
      el.addEventListener('da-cancel', () => cancelled++);
      $<HTMLButtonElement>(el, '[part=cancel]')!.click();
      equal(cancelled, 1);
      el.busy = false;
      await el.updateComplete;
      equal($(el, '[part=progress]'), null);
    });
  });

  describe('keyboard', () => {
    it('Enter and Space on the drop zone open the picker', async () => {
      const el = await fixture<DaFileUploader>(`<da-file-uploader label="File"></da-file-uploader>`);
      const input = $<HTMLInputElement>(el, 'input[type=file]')!;
      let opened = 0;
      input.addEventListener('click', (e) => {
        e.preventDefault(); // no real dialog in the test
        opened++;
      });
      el.focus();
      equal(el.shadowRoot!.activeElement, dropzone(el));
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
      equal(opened, 2);
    });
  });

  describe('form participation', () => {
    it('FormData holds the files; reset clears; required blocks submit', async () => {
      const form = await fixture<HTMLFormElement>(`<form><da-file-uploader name="recording" required multiple></da-file-uploader></form>`);
      const el = form.querySelector('da-file-uploader')!;
      equal(form.checkValidity(), false);
      equal(el.validationMessage, 'Choose a file.');
      let submitted = false;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted = true;
      });
      form.requestSubmit();
      equal(submitted, false);
      drop(el, [csv('a.csv'), csv('b.csv')]);
      const fd = new FormData(form);
      deepEqual(fd.getAll('recording').map((f) => (f as File).name), ['a.csv', 'b.csv']);
      ok(form.checkValidity());
      form.requestSubmit();
      ok(submitted);
      form.reset();
      await el.updateComplete;
      equal(el.files.length, 0);
      equal(new FormData(form).get('recording'), null);
    });
  });
});
