// The dashboard against a patient server that has only the spec's routes (no /events, no /patients):
// the Flask example, which also behaves like the lab's old server (a measurement is stored only with
// both CPAP pressure and breath rate; a pending pressure request is never cleared). Issue 9, section 6.
// The example serves the library from the packed tarball (DASHBOARD_LIB), as in examples-python.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { PYTHON, ROOT, packedLibraryEnv, pythonMissing, startFlaskExample, type RunningExample } from '../support/examples.js';
import { SAMPLES, dash, notice, waitForText } from '../support/page.ts';

const field = (bind: string) => `${dash} da-text-input[bind="${bind}"] input`;

/** Rows of the Flask example's own SQLite file. */
function query(db: string, sql: string): unknown[][] {
  const out = execFileSync(PYTHON, ['-c', `import sqlite3, json, sys; print(json.dumps(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()))`, db, sql]);
  return JSON.parse(String(out)) as unknown[][];
}

async function openWithAnalysis(page: Page, flask: RunningExample, patient: { mrn: string; room: string; pressure?: string }) {
  await page.goto(flask.pageUrl);
  await page.locator(field('mrn')).fill(patient.mrn);
  await page.locator(field('room')).fill(patient.room);
  if (patient.pressure !== undefined) await page.locator(field('pressure')).fill(patient.pressure);
  await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
  await waitForText(page, `${dash} da-metric-card[label="Breaths"] [part~="value"]`, /\d/);
}

const missing = await pythonMissing(['flask']);

describe('the dashboard against a server with only the spec routes (examples/flask)', { timeout: 240_000, skip: missing || false }, () => {
  let browser: Browser;
  let tmp: string;
  /** The host's environment: the library as the package ships it, not the repository's dist/. */
  let env: { DASHBOARD_LIB: string };
  before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/cdn/index.js')), 'run the build first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'any-server-lib-'));
    env = await packedLibraryEnv(path.join(tmp, 'pack'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('does not send an analysis without a CPAP pressure; sends the details alone only when the nurse says so', async () => {
    const flask = await startFlaskExample({ env });
    try {
      const page = await browser.newPage();
      const posts: string[] = [];
      page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
      await openWithAnalysis(page, flask, { mrn: '6001', room: '61' });
      await page.locator(`${dash} form button[type="submit"]`).click();
      await waitForText(page, notice, /No CPAP pressure entered/);
      assert.match(await page.locator(notice).first().textContent() ?? '', /would be dropped/);
      assert.deepEqual(posts, [], 'nothing sent');
      await page.locator(`${dash} form button`, { hasText: 'without the measurement' }).click();
      await waitForText(page, notice, /New patient created\. Saved without a measurement/);
      assert.equal(posts.length, 1);
      assert.deepEqual(query(flask.db, 'SELECT room_number, patient_mrn FROM patients WHERE room_number = 61').map(String), ['61,6001']);
      const json = query(flask.db, 'SELECT breath_rate FROM patients WHERE room_number = 61')[0]?.[0];
      assert.ok(json === null || json === '[]' || json === '', `no measurement stored: ${JSON.stringify(json)}`);
      // With a pressure the measurement is stored.
      await page.locator(field('pressure')).fill('11');
      await page.locator(`${dash} form button[type="submit"]`).click();
      await waitForText(page, notice, /Patient successfully updated/);
    } finally {
      await flask.stop();
    }
  });

  it('says so when a queued upload is finally delivered', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'any-server-'));
    const db = path.join(dir, 'patients.db');
    let flask = await startFlaskExample({ db, env });
    const port = flask.port;
    try {
      const page = await browser.newPage();
      await openWithAnalysis(page, flask, { mrn: '6002', room: '62', pressure: '9' });
      await flask.stop(); // the server goes down with the page open
      await page.locator(`${dash} form button[type="submit"]`).click();
      await waitForText(page, notice, /Not sent yet: .*could not be reached.*kept in the outbox/);
      flask = await startFlaskExample({ db, port, env }); // back
      await waitForText(page, notice, /The upload for room 62 that waited in the outbox was delivered/, 90_000);
      assert.equal(await page.locator(`${dash} .outbox`).count(), 0, 'the outbox is empty');
      assert.deepEqual(query(db, 'SELECT patient_mrn FROM patients WHERE room_number = 62').map(String), ['6002']);
    } finally {
      await flask.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies a pressure request once: the never-cleared request does not overwrite what the nurse typed', async () => {
    const flask = await startFlaskExample({ env });
    try {
      const page = await browser.newPage();
      await openWithAnalysis(page, flask, { mrn: '6003', room: '63', pressure: '8' });
      await page.locator(`${dash} form button[type="submit"]`).click();
      await waitForText(page, notice, /New patient created/);
      // Poll every 10 s (the contract's minimum), as the old screen did at its fastest.
      await page.locator(`${dash} da-expander[summary="Settings"] button[aria-expanded]`).click();
      await page.locator(field('refreshInterval')).fill('10');
      await page.locator(field('refreshInterval')).press('Enter');
      assert.equal((await fetch(`${flask.apiUrl}new_cpap_pressure/63/12`)).status, 200);
      await waitForText(page, `${dash} form .notice.info[role=status]`, /set the CPAP pressure to 12 cmH2O/, 25_000);
      assert.equal(await page.locator(field('pressure')).inputValue(), '12');
      await page.locator(field('pressure')).fill('15'); // the nurse's own value
      await page.locator(field('pressure')).press('Tab');
      await page.waitForTimeout(12_000); // at least one more poll answering 12 again
      assert.equal(await page.locator(field('pressure')).inputValue(), '15', 'the typed value stays');
      assert.equal((await fetch(`${flask.apiUrl}new_cpap_pressure/63/14`)).status, 200);
      await waitForText(page, `${dash} form .notice.info[role=status]`, /set the CPAP pressure to 14 cmH2O \(was 15\)/, 25_000);
      assert.equal(await page.locator(field('pressure')).inputValue(), '14');
    } finally {
      await flask.stop();
    }
  });
});
