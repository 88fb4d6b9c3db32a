/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The patient server's base URL (default http://127.0.0.1:8787/), fixed at build time. */
  readonly VITE_PATIENT_API_URL?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
