// A worker thread for test/node/scoring.test.ts's seed sweep: checks the cases it is given and posts the problems.
import { parentPort, workerData } from 'node:worker_threads';
import { checkCase } from './scoring-cases.ts';
import type { ScriptedCaseId } from '../../src/core/scripted-cases.ts';

const jobs = workerData as Array<[ScriptedCaseId, number]>;
const problems: string[] = [];
for (const [id, seed] of jobs) problems.push(...checkCase(id, seed));
parentPort!.postMessage(problems);
