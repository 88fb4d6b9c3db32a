// Types for scripts/elements.js (imported by vite.config.ts and the Node tests).
export const ROOT: string;
export interface ElementEntry {
  /** Folder name under src/elements/, also the `./elements/<name>` export. */
  name: string;
  /** Its define module, relative to the repository root. */
  define: string;
  /** The custom element tags it defines. */
  tags: string[];
}
export function elements(): ElementEntry[];
export function elementNames(): string[];
