/**
 * A database URL without its password, for logs and messages: the PostgreSQL backend's location and
 * errors, and config's refusal of a URL it does not take. Its own module so config does not load `pg`.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // A user part the parser did not see as one ("user:secret@host/db" has no host) is not echoed.
    if (u.host || !url.includes('@')) return u.toString();
  } catch {
    // Nothing to hide without a user part.
    if (!url.includes('@')) return url;
  }
  return '(unparsable URL)';
}
