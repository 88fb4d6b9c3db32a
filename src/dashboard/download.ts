/** Saves `blob` as a download named `<file without its extension>-<suffix>` ("cpap" for a nameless file). */
export function downloadBlob(blob: Blob, fileName: string, suffix: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName.replace(/\.[^.]*$/, '') || 'cpap'}-${suffix}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
