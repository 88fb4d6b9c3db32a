// Entry of test/node/scoring.test.ts's worker threads: registers tsx in the thread, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./scoring-seeds-worker.ts');
