/** One JSON object per line on stdout, so that log shippers need no parser of their own. */
export type Logger = (fields: Record<string, unknown>) => void;

export function createLogger(level: 'info' | 'silent'): Logger {
  if (level === 'silent') return () => {};
  return (fields) => {
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...fields }) + '\n');
  };
}
