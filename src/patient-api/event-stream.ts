/**
 * One server-sent event stream per patient server connection, shared by everything that listens
 * (the pressure feed, the All patients view). Opened on the first subscription, closed with the
 * last. The lab's existing server has no `/events`: the stream then reports `unavailable` and the
 * listeners fall back to polling.
 */
import { SERVER_EVENTS, type ServerEventName } from './contract.ts';

/** `reconnecting`: the stream dropped and EventSource retries; `unavailable`: the server has no event stream. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'unavailable';

export interface StreamListener {
  /** Called with the parsed `data` of each event of a name it asked for. */
  events?: Partial<Record<ServerEventName, (data: unknown) => void>>;
  status?: (status: StreamStatus) => void;
}

export class ServerEventStream {
  private source: EventSource | null = null;
  private readonly listeners = new Set<StreamListener>();
  private current: StreamStatus = 'connecting';

  constructor(private readonly url: string) {}

  get status(): StreamStatus {
    return typeof EventSource === 'undefined' ? 'unavailable' : this.current;
  }

  /** Starts listening; returns the function that stops. */
  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    if (typeof EventSource === 'undefined') {
      listener.status?.('unavailable');
    } else if (!this.source && this.current !== 'unavailable') {
      this.open();
    } else {
      listener.status?.(this.current);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  close(): void {
    this.source?.close();
    this.source = null;
    if (this.current === 'open') this.current = 'connecting';
  }

  private open(): void {
    const source = new EventSource(this.url);
    this.source = source;
    this.setStatus('connecting');
    source.addEventListener('open', () => this.setStatus('open'));
    source.addEventListener('error', () => {
      // CLOSED: no event stream here (the old server's 404); CONNECTING: EventSource retries with Last-Event-ID.
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.setStatus('unavailable');
      } else {
        this.setStatus('reconnecting');
      }
    });
    for (const name of Object.values(SERVER_EVENTS)) {
      source.addEventListener(name, (event) => {
        let data: unknown;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return; // a malformed event is ignored; the next one or a poll corrects it
        }
        for (const l of [...this.listeners]) l.events?.[name]?.(data);
      });
    }
  }

  private setStatus(status: StreamStatus): void {
    this.current = status;
    for (const l of [...this.listeners]) l.status?.(status);
  }
}
