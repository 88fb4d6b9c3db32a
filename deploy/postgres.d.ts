export interface Postgres {
  /** postgres://postgres@127.0.0.1:PORT/DATABASE */
  url: string;
  dir: string;
  port: number;
  stop(): void;
  /** Creates the database unless it exists; returns its URL. */
  createDatabase(name: string): string;
}

export function startPostgres(options: { dir: string; port: number; database?: string }): Postgres;
