// A minimal EventSource over node:http for the server's tests: collects dispatched events, counts
// heartbeat comments and remembers the last id, as a browser would for Last-Event-ID.
import http from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/** A minimal EventSource over node:http that collects dispatched events and remembers the last id. */
export class SseClient {
  readonly events: SseEvent[] = [];
  lastId: string | null = null;
  comments = 0;
  ended = false;
  private req: http.ClientRequest;
  private waiters: (() => void)[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};

  constructor(base: string, path: string, headers: Record<string, string> = {}) {
    const u = new URL(base);
    let buffer = '';
    this.req = http.get({ host: u.hostname, port: u.port, path, headers, agent: false }, (res) => {
      this.status = res.statusCode ?? 0;
      this.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, i));
          buffer = buffer.slice(i + 2);
        }
        this.wake();
      });
      res.on('end', () => {
        this.ended = true;
        this.wake();
      });
      this.wake();
    });
    this.req.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private parse(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments++;
      else if (line.startsWith('id: ')) this.lastId = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) this.events.push({ id: this.lastId, event, data: data.join('\n') });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async until(check: () => boolean, what: string, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.req.destroy();
  }
}
