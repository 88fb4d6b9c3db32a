// `node dist/server/server.js [--port N] [--host H] [--db FILE] [--token T] [--allowed-origins a,b] ...`:
// the reference patient server, with the demo page and the library at the same address.
import { loadConfig } from './config.ts';
import { startServer } from './start.ts';

const usage = `Usage: node dist/server/server.js [flags]   (npm start builds first)
  --port N                 PORT              default 8787 (0 = any free port)
  --host H                 HOST              default 127.0.0.1
  --db FILE                DB_PATH           default ./data/patients.db (folder created)
  --database-url URL       DATABASE_URL      postgres://user:pass@host:5432/db: PostgreSQL instead of the SQLite
                                             file, shared by several instances; unset = SQLite in --db
  --db-pool N              DB_POOL           PostgreSQL connections per instance, default 10
  --token T                API_TOKEN         bearer token required by write and read routes; unset = open
  --public-reads           PUBLIC_READS=on   with a token: leave reads open (the old behaviour); default off
  --allowed-hosts a,b      ALLOWED_HOSTS     Host names answered besides the listen address, localhost,
                                             127.0.0.1 and [::1] with the port (name or name:port; * = any);
                                             others get 421 Misdirected Request (DNS rebinding)
  --no-legacy-get-writes   LEGACY_GET_WRITES=off  refuse GET /new_cpap_pressure/<room>/<value> (405; use POST);
                                             default on, refused from other sites (403) unless a token is set
  --allowed-origins a,b    ALLOWED_ORIGINS   CORS origins for host pages elsewhere; * = any
  --allowed-ips a,b        ALLOWED_IPS       CIDR ranges answered (10.0.0.0/8,::1/128); others 403; default all
  --trusted-proxies a,b    TRUSTED_PROXIES   CIDR ranges whose X-Forwarded-For/-Proto are believed; default none
  --session-hours H        SESSION_HOURS     lifetime of a POST /session cookie, default 12
  --session-secret S       SESSION_SECRET    key for session cookies (32+ chars); default random per process
  --body-limit BYTES       BODY_LIMIT        default 8388608 (413 above)
  --image-limit BYTES      IMAGE_LIMIT       decoded flow image, default 5242880 (413 above)
  --rate-limit N           RATE_LIMIT_RPS    requests/s per client address, default 200; 0 = off
  --rate-burst N           RATE_LIMIT_BURST  bucket size, default 1000
  --log-level L            LOG_LEVEL         info (JSON lines on stdout) or silent
  --events on|off          EVENTS            off = no GET /events (behave like the old, polling-only server)
  --db-sync normal|full     DB_SYNC           full = fsync every commit; normal (default) is safe against a killed process
  --list-cache BYTES       LIST_CACHE        get_all_patients kept encoded up to this size, default 67108864; larger: streamed
  --list-limit BYTES       LIST_LIMIT        refuse image-carrying lists above this size (400); default 0 = no cap
  --keep-measurements N    KEEP_MEASUREMENTS keep the newest N measurements per room; default 0 = all
  --keep-days D            KEEP_DAYS         drop measurements older than D days; default 0 = keep for ever`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(usage);
  process.exit(0);
}

let config;
try {
  config = loadConfig(process.argv.slice(2), process.env);
} catch (e) {
  console.error(`patient server: ${(e as Error).message}\n\n${usage}`);
  process.exit(2);
}
let running;
try {
  running = await startServer(config);
} catch (e) {
  // A held database, a port in use, a database that fails its check: one clear line, exit 1.
  console.error(`patient server: ${(e as Error).message}`);
  process.exit(1);
}
if (config.logLevel === 'silent') console.error(`patient server listening on ${running.url}`);

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C means "now".
    if (++signals > 1) process.exit(1);
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
