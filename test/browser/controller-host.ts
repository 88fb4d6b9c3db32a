/** A bare reactive element to host one controller in a test, plus the real test servers' addresses. */
import { ReactiveElement } from 'lit';
import { ok, sleep } from './assert.ts';

export class ControllerHost extends ReactiveElement {
  updates = 0;
  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    this.updates++;
  }
}
if (!customElements.get('test-controller-host')) customElements.define('test-controller-host', ControllerHost);

/** A connected host; remove it to run the controllers' `hostDisconnected`. */
export function connectedHost(): ControllerHost {
  const host = document.createElement('test-controller-host') as ControllerHost;
  document.body.append(host);
  return host;
}

/** The reference server (`push`), the same without `/events` (`poll`), and one without CORS for this page (`nocors`). */
export async function patientServers(): Promise<{ push: string; poll: string; nocors: string }> {
  const res = await fetch('/__patient-servers');
  ok(res.ok, 'the patient servers are started by the test runner (test/support/patient-servers.js)');
  return res.json();
}

export async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function sampleFile(name: string): Promise<File> {
  const res = await fetch(`/__shared/cpap-samples/${name}`);
  ok(res.ok, `sample ${name} not served`);
  return new File([await res.blob()], name, { type: 'text/plain', lastModified: 1 });
}
