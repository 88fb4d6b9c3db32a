/**
 * `/mcp`: the patient API as Model Context Protocol tools over the streamable HTTP transport
 * (stateless: a new server and transport per request). Writes go through writes.ts, the same code
 * as the HTTP routes; schemas take their ranges from the contract; refusals are tool errors
 * (`isError: true`) carrying the contract's messages.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ServerConfig } from './config.ts';
import type { EventHub } from './events.ts';
import type { Storage } from './storage/index.ts';
import { addMeasurement, IDEMPOTENCY_KEY, requestPressure, WRITE_MESSAGES } from './writes.ts';
import {
  APNEA_COUNT_RANGE,
  BREATH_RATE_RANGE,
  MESSAGES,
  MRN_RANGE,
  NAME_MAX_LENGTH,
  PRESSURE_RANGE,
  ROOM_RANGE,
  type PatientUpload,
} from '../src/patient-api/contract.ts';
import { analyzeCpapBytes, CpapAnalysisError } from '../src/core/index.ts';

/** `analyze_cpap` takes a recording's text up to this many characters. */
export const ANALYZE_TEXT_LIMIT = 20_000_000;
/** A JSON-RPC body carrying such a text (escaped line breaks double their size). */
const MCP_BODY_LIMIT = 2 * ANALYZE_TEXT_LIMIT + 1_000_000;

const int = (key: string, range: { min: number; max: number }, message = MESSAGES.outOfRange(key, range)) =>
  z.number({ invalid_type_error: MESSAGES.notNumeric(key) }).int(message).min(range.min, message).max(range.max, message);

const room = int('room_number', ROOM_RANGE);

/** `PatientUpload` as a schema; the optional measurements are `""` on the wire when left out. */
const uploadShape = {
  patient_mrn: int('patient_mrn', MRN_RANGE),
  room_number: room,
  patient_name: z.string({ invalid_type_error: MESSAGES.wrongType('patient_name') }).max(NAME_MAX_LENGTH, MESSAGES.nameTooLong),
  CPAP_pressure: int('CPAP_pressure', PRESSURE_RANGE, MESSAGES.pressureRange).optional().describe('cmH2O'),
  breath_rate: z
    .number({ invalid_type_error: MESSAGES.notNumeric('breath_rate') })
    .min(BREATH_RATE_RANGE.min, MESSAGES.outOfRange('breath_rate', BREATH_RATE_RANGE, 'breaths/min'))
    .max(BREATH_RATE_RANGE.max, MESSAGES.outOfRange('breath_rate', BREATH_RATE_RANGE, 'breaths/min'))
    .optional()
    .describe('breaths/min'),
  apnea_count: int('apnea_count', APNEA_COUNT_RANGE).optional(),
  flow_image: z.string({ invalid_type_error: MESSAGES.wrongType('flow_image') }).optional().describe('base64 JPEG or PNG'),
  idempotency_key: z.string().regex(IDEMPOTENCY_KEY, WRITE_MESSAGES.badIdempotencyKey).optional(),
};

function ok(text: string, structured?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], ...(structured ? { structuredContent: structured } : {}) };
}

function fail(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

export function createMcpServer(config: ServerConfig, store: Storage, hub: EventHub): McpServer {
  const server = new McpServer({ name: 'sleep-lab-patients', version: '1.0.0' });

  server.registerTool(
    'list_patients',
    { description: 'Every room with its patient and measurements (images as URLs).', inputSchema: {} },
    async () => {
      const patients = await store.list({ images: false });
      return ok(JSON.stringify(patients), { patients });
    },
  );

  server.registerTool(
    'get_patient',
    { description: "One room's patient and measurements.", inputSchema: { room_number: room } },
    async ({ room_number }) => {
      const patient = (await store.list({ images: false, room: room_number }))[0];
      return patient ? ok(JSON.stringify(patient), { patient }) : fail(MESSAGES.patientNotFound);
    },
  );

  server.registerTool(
    'add_measurement',
    {
      description: 'Store a measurement for a room (POST /add_patient): a new MRN in the room replaces its patient.',
      inputSchema: uploadShape,
    },
    async (args) => {
      const body: PatientUpload = {
        patient_mrn: args.patient_mrn,
        room_number: args.room_number,
        patient_name: args.patient_name,
        CPAP_pressure: args.CPAP_pressure ?? '',
        breath_rate: args.breath_rate ?? '',
        apnea_count: args.apnea_count ?? '',
        flow_image: args.flow_image ?? '',
      };
      const result = await addMeasurement(store, hub, config.imageLimit, body, args.idempotency_key);
      if (!result.ok) return fail(result.message);
      return ok(result.answer, { answer: result.answer, replayed: result.replayed });
    },
  );

  server.registerTool(
    'request_pressure',
    {
      description: 'Ask the bedside unit in a room to set a new CPAP pressure.',
      inputSchema: { room_number: room, new_value: int('new_value', PRESSURE_RANGE, MESSAGES.pressureRange).describe('cmH2O') },
    },
    async ({ room_number, new_value }) => {
      const result = await requestPressure(store, hub, room_number, new_value);
      if (!result.ok) return fail(result.message);
      return ok(result.message, { room_number: result.room, new_value: result.value });
    },
  );

  server.registerTool(
    'analyze_cpap',
    {
      description: `Analyse a CPAP recording's text (at most ${ANALYZE_TEXT_LIMIT} characters): breaths, rate, apneas, leak.`,
      inputSchema: { text: z.string().min(1).max(ANALYZE_TEXT_LIMIT, `The recording is larger than ${ANALYZE_TEXT_LIMIT} characters`) },
    },
    ({ text }) => {
      try {
        const { metrics } = analyzeCpapBytes(new TextEncoder().encode(text));
        return ok(JSON.stringify(metrics), { metrics: metrics as unknown as Record<string, unknown> });
      } catch (e) {
        if (e instanceof CpapAnalysisError) return fail(e.message);
        throw e;
      }
    },
  );

  return server;
}

/** Mounts `/mcp` (POST only: stateless, no standalone event stream) behind `guard`. */
export function mountMcp(
  app: Hono<any>,
  deps: { config: ServerConfig; store: Storage; hub: EventHub; guard: MiddlewareHandler },
): void {
  const limit = bodyLimit({
    maxSize: Math.max(deps.config.bodyLimit, MCP_BODY_LIMIT),
    onError: (c) => c.json(`Request body is larger than ${Math.max(deps.config.bodyLimit, MCP_BODY_LIMIT)} bytes`, 413),
  });
  app.post('/mcp', deps.guard, limit, async (c) => {
    const server = createMcpServer(deps.config, deps.store, deps.hub);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void transport.close();
      void server.close();
    }
  });
  app.on(['GET', 'PUT', 'PATCH', 'DELETE'], '/mcp', deps.guard, (c) => {
    c.header('Allow', 'POST');
    return c.json('Method not allowed', 405);
  });
}

