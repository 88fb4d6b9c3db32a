// Types for the parts of wtr-plugins.js that TypeScript tests and scripts import.
export const SHARED_DIR: string;
export function sharedFilesPlugin(): unknown;
export function cssInlinePlugin(): unknown;
export function countingReporter(file: string): unknown;
export function cspPagePlugin(): unknown;
export function jsonModulePlugin(): unknown;
