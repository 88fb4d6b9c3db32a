/**
 * The patient API contract (../shared/spec/patient-api.md), written once: wire types, route paths,
 * server-sent event names, limits and rules, and the validation messages. No DOM, no imports: the
 * page (client, dashboard), the reference server and the tests all import it from here.
 */

/** The body of `POST /add_patient`: all seven keys; `""` means "not given". */
export interface PatientUpload {
  patient_mrn: number;
  room_number: number;
  patient_name: string;
  CPAP_pressure: number | '';
  breath_rate: number | '';
  apnea_count: number | '';
  /** Base64 JPEG or PNG, no `data:` prefix; `""` for none. */
  flow_image: string;
}

/** One room's record; the arrays are parallel, one entry per measurement, oldest first. */
export interface PatientRecord {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  CPAP_pressure: Array<number | string>;
  breath_rate: Array<number | string>;
  apnea_count: Array<number | string | null>;
  timestamp: string[];
  /** The old route inlines the images as base64. */
  flow_image?: string[];
  /** The reference server links them instead. */
  flow_image_url?: Array<string | null>;
}
