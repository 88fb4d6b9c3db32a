// /mcp driven by the SDK's own client: the five tools, auth, validation, and an MCP write seen on the HTTP side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { jpegBase64, request, startTestServer } from './test-support.ts';
import { MESSAGES, ROUTES, SERVER_EVENTS, UPLOAD_ANSWERS } from '../src/patient-api/contract.ts';
import { syntheticCpapFile } from '../src/core/index.ts';

const TOKEN = 'mcp-test-token-0123456789';

async function connect(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', url), {
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
  await client.connect(transport);
  return client;
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** Reads an SSE stream until an event of `type` arrives (or `ms` pass). */
async function waitForEvent(url: string, type: string, ms = 5000): Promise<string> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  const res = await fetch(new URL('/events', url), { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'text/event-stream' }, signal: ac.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buf += value;
      for (const block of buf.split('\n\n').slice(0, -1)) {
        if (block.split('\n').includes(`event: ${type}`)) return block;
      }
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

test('MCP tools over /mcp: auth, the five tools, validation, writes seen over HTTP', async () => {
  const server = await startTestServer({ apiToken: TOKEN });
  try {
    // No credentials: refused before the MCP server sees the request.
    await assert.rejects(connect(server.url), /401|Unauthorized|Missing|token/i);
    const raw = await request(server.url, 'POST', '/mcp', { json: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers: { Accept: 'application/json, text/event-stream' } });
    assert.equal(raw.status, 401);

    const client = await connect(server.url, TOKEN);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(tools, ['add_measurement', 'analyze_cpap', 'get_patient', 'list_patients', 'request_pressure']);

      // The measurement arrives on /events and in /get_all_patients.
      const seen = waitForEvent(server.url, SERVER_EVENTS.measurement);
      await new Promise((r) => setTimeout(r, 200));
      const added = (await client.callTool({
        name: 'add_measurement',
        arguments: { patient_mrn: 4242, room_number: 7, patient_name: 'Mia Mcp', CPAP_pressure: 11, breath_rate: 15.5, apnea_count: 1, flow_image: jpegBase64, idempotency_key: 'mcp-1' },
      })) as CallToolResult;
      assert.ok(!added.isError, text(added));
      assert.equal(text(added), UPLOAD_ANSWERS.created);
      const event = await seen;
      assert.match(event, /4242|"room_number":7/);
      const all = (await request(server.url, 'GET', '/get_all_patients', { headers: { Authorization: `Bearer ${TOKEN}` } })).json() as Array<Record<string, unknown>>;
      const row = all.find((p) => p.room_number === 7);
      assert.ok(row);
      assert.equal(row.patient_mrn, 4242);
      assert.deepEqual(row.CPAP_pressure, [11]);

      // Idempotency: the same key replays without a second measurement.
      const again = (await client.callTool({
        name: 'add_measurement',
        arguments: { patient_mrn: 4242, room_number: 7, patient_name: 'Mia Mcp', CPAP_pressure: 11, breath_rate: 15.5, apnea_count: 1, flow_image: jpegBase64, idempotency_key: 'mcp-1' },
      })) as CallToolResult;
      assert.ok(!again.isError);
      assert.equal((again.structuredContent as { replayed: boolean }).replayed, true);

      const listed = (await client.callTool({ name: 'list_patients', arguments: {} })) as CallToolResult;
      const patients = (listed.structuredContent as { patients: Array<{ room_number: number; timestamp: string[] }> }).patients;
      assert.equal(patients.find((p) => p.room_number === 7)?.timestamp.length, 1);

      const got = (await client.callTool({ name: 'get_patient', arguments: { room_number: 7 } })) as CallToolResult;
      assert.equal((got.structuredContent as { patient: { patient_name: string } }).patient.patient_name, 'Mia Mcp');
      const missing = (await client.callTool({ name: 'get_patient', arguments: { room_number: 8 } })) as CallToolResult;
      assert.equal(missing.isError, true);
      assert.equal(text(missing), MESSAGES.patientNotFound);

      const pressureSeen = waitForEvent(server.url, SERVER_EVENTS.pressure);
      await new Promise((r) => setTimeout(r, 200));
      const pressure = (await client.callTool({ name: 'request_pressure', arguments: { room_number: 7, new_value: 12 } })) as CallToolResult;
      assert.ok(!pressure.isError, text(pressure));
      await pressureSeen;
      const pending = await request(server.url, 'GET', `/${ROUTES.cpapQuery}/7`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.match(pending.text, /12/);

      // Validation errors are tool errors with the contract's messages.
      const bad = (await client.callTool({ name: 'request_pressure', arguments: { room_number: 7, new_value: 40 } })) as CallToolResult;
      assert.equal(bad.isError, true);
      assert.ok(text(bad).includes(MESSAGES.pressureRange), text(bad));
      const badImage = (await client.callTool({
        name: 'add_measurement',
        arguments: { patient_mrn: 1, room_number: 9, patient_name: 'X', flow_image: 'bm90IGFuIGltYWdl' },
      })) as CallToolResult;
      assert.equal(badImage.isError, true);
      assert.equal(text(badImage), MESSAGES.imageNotPicture);

      const analysed = (await client.callTool({ name: 'analyze_cpap', arguments: { text: syntheticCpapFile({ seconds: 120, seed: 3 }) } })) as CallToolResult;
      assert.ok(!analysed.isError, text(analysed));
      const metrics = (analysed.structuredContent as { metrics: { breaths: number; samples: number } }).metrics;
      assert.ok(metrics.breaths > 10, JSON.stringify(metrics).slice(0, 200));
      assert.ok(metrics.samples > 1000);
    } finally {
      await client.close();
    }
  } finally {
    await server.stop();
  }
});
