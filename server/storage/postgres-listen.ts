/**
 * PostgreSQL `LISTEN` for the event streams of several instances: one dedicated connection (a pooled
 * one would lose its LISTEN when released) on EVENTS_CHANNEL. Every write NOTIFYs on commit with its
 * last event id; the reader skips a notice for an id it has already delivered (its own writes) and
 * otherwise reads the rows with `eventsAfter`, so no payload size limit and no lost event if notices
 * are coalesced or dropped.
 * The connection is re-made when it breaks (a restarted database, a network cut), and `onNotify(null)`
 * runs after each reconnect because notices sent meanwhile are gone.
 */
import pg from 'pg';
import { EVENTS_CHANNEL } from './types.ts';

const retryMs = [200, 500, 1000, 2000, 5000];

/** Listens until the returned function is called; rejects if the first connection fails. */
export async function listenForCommits(url: string, onNotify: (lastId: number | null) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'patient-server events' });
    // An 'error' without a listener would end the process; a broken connection is re-made instead.
    c.on('error', () => reconnect(c));
    c.on('end', () => reconnect(c));
    c.on('notification', (n) => {
      if (n.channel !== EVENTS_CHANNEL) return;
      const id = Number(n.payload);
      onNotify(Number.isSafeInteger(id) ? id : null);
    });
    await c.connect();
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
    failures = 0;
  };

  const reconnect = (broken: pg.Client) => {
    if (stopped || client !== broken) return;
    client = null;
    broken.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (stopped || retry) return;
    const wait = retryMs[Math.min(failures++, retryMs.length - 1)]!;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => onNotify(null),
        () => schedule(),
      );
    }, wait);
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
