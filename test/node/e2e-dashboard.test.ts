// End to end: the built demo page with <cpap-dashboard> in Chromium, against the real reference
// server on its SQLite database. Also: the outbox across a server outage, and a polling-only server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, tempDir, request, type TestServer } from '../../server/test-support.ts';
import { startDemo, stopDemo } from '../support/demo.ts';
import { SAMPLES, dash, uploadButton, notice, waitForText } from '../support/page.ts';


/** Text of the first element matching a selector that pierces shadow roots (Playwright's CSS engine). */
async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent({ timeout: 20_000 })) ?? '';
}

async function fillPatient(page: Page, fields: { name?: string; mrn: string; room: string; pressure?: string }) {
  if (fields.name !== undefined) await page.locator(`${dash} da-text-input[bind="patientName"] input`).fill(fields.name);
  await page.locator(`${dash} da-text-input[bind="mrn"] input`).fill(fields.mrn);
  await page.locator(`${dash} da-text-input[bind="room"] input`).fill(fields.room);
  if (fields.pressure !== undefined) await page.locator(`${dash} da-text-input[bind="pressure"] input`).fill(fields.pressure);
}

async function analyse(page: Page, sample: string) {
  await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, sample));
  await waitForText(page, `${dash} da-metric-card[label="Breaths"] [part~="value"]`, /\d/);
}


describe('cpap-dashboard end to end', { timeout: 240_000 }, () => {
  let browser: Browser;
  let server: TestServer;
  let dir: string;

  before(async () => ({ browser, server, dir } = await startDemo()));
  after(() => stopDemo({ browser, server, dir }));

  it('analyses, uploads, lists, receives a pushed pressure, resets; the outbox survives an outage', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(m.text())) errors.push(m.text()); });
    await page.goto(server.url);

    await fillPatient(page, { name: 'Ada Lovelace', mrn: '4242', room: '12', pressure: '10' });
    assert.equal(await page.locator(uploadButton).isDisabled(), true, 'upload waits for an analysis');
    await analyse(page, 'patient_02.txt');
    assert.match(await text(page, `${dash} da-metric-card[label="Breathing rate"] [part~="value"]`), /9\.34\s*breaths\/min/);
    assert.match(await text(page, `${dash} da-metric-card[label="Apnea events"] [part~="value"]`), /^\s*2\s*$/);
    assert.equal(await page.locator(`${dash} da-metric-card[label="Apnea events"]`).evaluate((el) => (el as HTMLElement & { alert: boolean }).alert || el.matches(':state(alert)')), true);

    // Upload: the server stores it, MRN and room lock.
    await page.locator(uploadButton).click();
    await waitForText(page, notice, /New patient created/);
    assert.equal(await page.locator(`${dash} da-text-input[bind="mrn"]`).getAttribute('readonly'), '');
    const stored = (await request(server.url, 'GET', '/patients/12')).json() as { patient_mrn: number; breath_rate: number[]; apnea_count: number[]; flow_image_url: string[] };
    assert.equal(stored.patient_mrn, 4242);
    assert.deepEqual(stored.apnea_count, [2]);
    assert.ok(Math.abs(stored.breath_rate[0] - 9.34) < 0.01);
    const image = await request(server.url, 'GET', stored.flow_image_url[0]);
    assert.equal(image.status, 200);
    assert.equal(image.headers['content-type'], 'image/jpeg');
    assert.deepEqual([...image.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);

    // All patients: the room, its measurement and its image.
    await page.locator(`${dash} da-tab[panel="patients"]`).click();
    await waitForText(page, `${dash} cpap-patients-view [role="status"]`, /Found 1 patient\(s\)/);
    const expander = page.locator(`${dash} cpap-patients-view da-expander`).first();
    assert.equal(await expander.getAttribute('summary'), 'Room 12 - Ada Lovelace (MRN: 4242)');
    await expander.locator('button[aria-expanded]').click();
    const row = expander.locator('tbody tr').first();
    assert.match((await row.textContent()) ?? '', /1\/1.*10.*9\.34.*2 \(alert\)/s);
    assert.equal(await row.getAttribute('class'), 'alert');
    const img = expander.locator('img').first();
    let width = 0;
    for (let i = 0; i < 100 && width <= 100; i++) {
      width = await img.evaluate((el) => ((el as HTMLImageElement).complete ? (el as HTMLImageElement).naturalWidth : 0));
      if (width <= 100) await page.waitForTimeout(100);
    }
    assert.ok(width > 100, `the stored flow image shows (${width} px wide)`);
    await page.locator(`${dash} da-tab[panel="entry"]`).click();

    // The monitoring station asks for a new pressure: pushed over /events.
    await waitForText(page, `${dash} header .feed`, /pushed by the server/);
    const set = await request(server.url, 'POST', '/new_cpap_pressure', { json: { room_number: 12, new_value: 14 } });
    assert.equal(set.status, 200);
    await waitForText(page, `${dash} form .notice.info`, /set the CPAP pressure to 14 cmH2O \(was 10\)/, 10_000);
    assert.equal(await page.locator(`${dash} da-text-input[bind="pressure"] input`).inputValue(), '14');

    // Reset: fields cleared and unlocked, analysis gone.
    await page.locator(`${dash} da-expander[summary="Settings"] button[aria-expanded]`).click();
    await page.locator(`${dash} button.secondary`, { hasText: 'Reset form' }).click();
    assert.equal(await page.locator(`${dash} da-text-input[bind="mrn"] input`).inputValue(), '');
    assert.equal(await page.locator(`${dash} da-text-input[bind="mrn"]`).getAttribute('readonly'), null);
    assert.match(await text(page, `${dash} da-metric-card[label="Breathing rate"] [part~="value"]`), /Not measured/);

    // Outbox: the server goes down, the upload waits, the server comes back, it arrives once.
    await fillPatient(page, { name: 'Grace Hopper', mrn: '777', room: '21', pressure: '8' });
    await analyse(page, 'patient_05.txt');
    const port = server.port;
    await server.close();
    await page.locator(uploadButton).click();
    await waitForText(page, notice, /kept in the outbox/);
    await waitForText(page, `${dash} .outbox`, /Room 21, MRN 777/);
    server = await startTestServer({ port }, dir);
    await page.locator(`${dash} .outbox button`, { hasText: 'Retry now' }).click();
    await page.locator(`${dash} .outbox`).waitFor({ state: 'detached', timeout: 30_000 });
    await page.waitForTimeout(500);
    const arrived = (await request(server.url, 'GET', '/patients/21')).json() as { breath_rate: number[]; patient_name: string };
    assert.equal(arrived.patient_name, 'Grace Hopper');
    assert.equal(arrived.breath_rate.length, 1, 'exactly once');
    // Patients and measurements from before the restart are still there.
    const all = (await request(server.url, 'GET', '/get_all_patients')).json() as unknown[];
    assert.equal(all.length, 2);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('keeps the form across a reload and in step with a second tab', async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(server.url);
    await fillPatient(first, { name: 'Alan Turing', mrn: '1912', room: '3', pressure: '9' });
    await first.reload();
    await first.locator(`${dash} da-text-input[bind="mrn"] input`).waitFor();
    assert.equal(await first.locator(`${dash} da-text-input[bind="mrn"] input`).inputValue(), '1912');
    assert.equal(await first.locator(`${dash} da-text-input[bind="patientName"] input`).inputValue(), 'Alan Turing');
    const second = await context.newPage();
    await second.goto(server.url);
    await second.locator(`${dash} da-text-input[bind="room"] input`).waitFor();
    await first.locator(`${dash} da-text-input[bind="room"] input`).fill('4');
    let room = '';
    for (let i = 0; i < 50 && room !== '4'; i++) {
      room = await second.locator(`${dash} da-text-input[bind="room"] input`).inputValue();
      if (room !== '4') await second.waitForTimeout(100);
    }
    assert.equal(room, '4', 'the second tab follows the first');
    await context.close();
  });

  it('the built library works in plain HTML under the strict CSP, bound by attributes alone', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(`${server.url}/plain.html`);
    await page.locator('main > form > da-text-input[bind="name"] input').fill('Ada');
    await waitForText(page, 'da-metric-card[bind="name"] [part~="value"]', /Ada/);
    await page.locator('main > form > da-text-input[bind="pressure"] input').fill('12');
    await waitForText(page, 'da-metric-card[bind="pressure"] [part~="value"]', /12/);
    await page.locator('button[aria-expanded]', { hasText: 'And the whole dashboard' }).click();
    await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_03.txt'));
    await waitForText(page, `${dash} da-metric-card[label="Breaths"] [part~="value"]`, /18/);
    assert.match(await text(page, `${dash} da-metric-card[label="Apnea events"] [part~="value"]`), /3/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('cancels a long analysis from the uploader, and shows a refused upload without queueing it', async () => {
    const { syntheticCpapText } = await import('../../src/core/synthetic.ts');
    const big = path.join(dir, 'long-night.txt');
    fs.writeFileSync(big, [...syntheticCpapText({ seconds: 4 * 3600, seed: 8 }, 20000)].join(''));
    const guarded = await startTestServer({ apiToken: 'secret-token' }, tempDir());
    try {
      const page = await browser.newPage();
      await page.goto(guarded.url);
      await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(big);
      await page.locator(`${dash} da-file-uploader [part~="cancel"]`).click({ timeout: 10_000 });
      await waitForText(page, `${dash} form .notice.error`, /Analysis of long-night\.txt was cancelled/);
      assert.equal(await page.locator(`${dash} da-file-uploader`).getAttribute('busy'), null);

      // The worker is still usable: the next file is analysed. The server wants a token we lack.
      await fillPatient(page, { mrn: '31', room: '9', pressure: '7' });
      await analyse(page, 'patient_04.txt');
      await page.locator(uploadButton).click();
      await waitForText(page, notice, /refused the upload: Missing bearer token/);
      assert.equal(await page.locator(`${dash} .outbox`).count(), 0, 'a refused upload is not queued');
      assert.equal(await page.locator(`${dash} da-text-input[bind="mrn"]`).getAttribute('readonly'), null, 'not locked');
      await page.close();
    } finally {
      await guarded.stop();
    }
  });

  it('gets the pressure update from a server that only polls', async () => {
    const pollDir = tempDir();
    const polling = await startTestServer({ events: false }, pollDir);
    try {
      const page = await browser.newPage();
      await page.goto(polling.url);
      await page.locator(`${dash} da-expander[summary="Settings"] button[aria-expanded]`).click();
      await page.locator(`${dash} da-text-input[bind="refreshInterval"] input`).fill('10');
      await fillPatient(page, { mrn: '55', room: '7', pressure: '6' });
      await analyse(page, 'patient_01.txt');
      await page.locator(uploadButton).click();
      await waitForText(page, notice, /New patient created/);
      await waitForText(page, `${dash} header .feed`, /every 10 s/);
      const set = await request(polling.url, 'GET', '/new_cpap_pressure/7/12');
      assert.equal(set.status, 200);
      await waitForText(page, `${dash} form .notice.info`, /set the CPAP pressure to 12 cmH2O/, 20_000);
      assert.equal(await page.locator(`${dash} da-text-input[bind="pressure"] input`).inputValue(), '12');
      await page.close();
    } finally {
      await polling.close();
      fs.rmSync(pollDir, { recursive: true, force: true });
    }
  });
});
