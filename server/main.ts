// `node dist/server/server.js [--port N] [--host H] [--db FILE] [--token T] [--allowed-origins a,b]`:
// the reference patient server, with the demo page and the library at the same address.
import { loadConfig } from './config.ts';
import { startServer } from './start.ts';

let config;
try {
  config = loadConfig(process.argv.slice(2), process.env);
} catch (e) {
  console.error(`patient server: ${(e as Error).message}`);
  process.exit(2);
}
const running = await startServer(config);
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
