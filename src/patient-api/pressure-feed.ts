/**
 * Live CPAP pressure requests for one room: pushed by server-sent events where the server offers
 * `/events`, polled from `CPAP_query` otherwise (the lab's existing server only polls).
 */
import type { PatientApi } from './client.ts';

export type PressureFeedMode = 'push' | 'poll';

export interface PressureFeedOptions {
  room: number;
  /** Polling interval, seconds (used when the server has no push). */
  intervalS: number;
  onPressure: (value: number) => void;
  onMode?: (mode: PressureFeedMode) => void;
  /** A problem reaching the server (null once it is reachable again). */
  onProblem?: (message: string | null) => void;
}

/** Starts watching; returns a function that stops everything it started. */
export function watchPressure(api: PatientApi, options: PressureFeedOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let source: EventSource | undefined;

  const poll = async () => {
    try {
      const value = await api.requestedPressure(options.room);
      if (stopped) return;
      options.onProblem?.(null);
      if (value !== null) options.onPressure(value);
    } catch (e) {
      if (!stopped) options.onProblem?.((e as Error).message);
    }
  };

  const startPolling = () => {
    if (stopped || timer !== undefined) return;
    source?.close();
    source = undefined;
    options.onMode?.('poll');
    timer = setInterval(poll, Math.max(1, options.intervalS) * 1000);
  };

  void poll(); // the request may predate this screen
  if (typeof EventSource === 'undefined') {
    startPolling();
  } else {
    source = new EventSource(api.eventsUrl(options.room));
    source.addEventListener('open', () => {
      options.onMode?.('push');
      options.onProblem?.(null);
    });
    source.addEventListener('pressure', (event) => {
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as { room_number?: unknown; CPAP_pressure?: unknown };
        if (Number(data.room_number) === options.room && Number.isInteger(data.CPAP_pressure)) {
          options.onPressure(data.CPAP_pressure as number);
        }
      } catch {
        /* a malformed event is ignored; the next one or a poll corrects it */
      }
    });
    // The server could not replay what was missed while disconnected: ask for the current value.
    source.addEventListener('reset', () => void poll());
    source.addEventListener('error', () => {
      // CLOSED: the server has no event stream (404 from the old server): poll instead.
      // CONNECTING: the stream dropped and EventSource is retrying with Last-Event-ID.
      if (source?.readyState === EventSource.CLOSED) startPolling();
      else options.onProblem?.('Lost the live connection to the patient server; reconnecting…');
    });
  }

  return () => {
    stopped = true;
    source?.close();
    if (timer !== undefined) clearInterval(timer);
  };
}
