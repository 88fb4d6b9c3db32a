/**
 * Live CPAP pressure requests for one room: pushed on the shared event stream where the server
 * offers `/events`, polled from `CPAP_query` otherwise (the lab's existing server only polls).
 */
import type { PatientApi } from './client.ts';
import { SERVER_EVENTS, type PressureEventData } from './contract.ts';
import type { ServerEventStream } from './event-stream.ts';

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
export function watchPressure(api: PatientApi, stream: ServerEventStream, options: PressureFeedOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;

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
    unsubscribe?.();
    unsubscribe = undefined;
    options.onMode?.('poll');
    timer = setInterval(poll, Math.max(1, options.intervalS) * 1000);
  };

  void poll(); // the request may predate this screen
  unsubscribe = stream.subscribe({
    events: {
      [SERVER_EVENTS.pressure]: (data) => {
        const d = data as Partial<PressureEventData>;
        if (Number(d.room_number) === options.room && Number.isInteger(d.CPAP_pressure)) options.onPressure(d.CPAP_pressure!);
      },
      // The server could not replay what was missed while disconnected: ask for the current value.
      [SERVER_EVENTS.reset]: () => void poll(),
    },
    status: (status) => {
      if (status === 'open') {
        options.onMode?.('push');
        options.onProblem?.(null);
      } else if (status === 'reconnecting') {
        options.onProblem?.('Lost the live connection to the patient server; reconnecting…');
      } else if (status === 'unavailable') {
        startPolling();
      }
    },
  });

  return () => {
    stopped = true;
    unsubscribe?.();
    if (timer !== undefined) clearInterval(timer);
  };
}
