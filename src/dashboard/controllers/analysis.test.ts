import { AnalysisController } from './analysis.ts';
import { SAMPLE_RECORDINGS } from '../samples.ts';
import { scoringOptions } from '../clinical-options.ts';
import { ok, equal, cleanup, sleep } from '../../../test/browser/assert.ts';
import { connectedHost, sampleFile, until } from '../../../test/browser/controller-host.ts';
import type { CpapWorkerClient } from '../../worker/client.ts';

const workerOf = (analysis: AnalysisController) => (analysis as unknown as { worker: CpapWorkerClient }).worker;

describe('AnalysisController', () => {
  afterEach(() => cleanup());

  it('analyses a file in the worker: result, file name, progress, then idle; the same file twice once', async () => {
    const host = connectedHost();
    const analysis = new AnalysisController(host);
    const file = await sampleFile('patient_02.txt');
    const phases: string[] = [];
    const running = analysis.analyse(file);
    phases.push(analysis.phase);
    equal(await running, 'analysed');
    phases.push(analysis.phase);
    equal(phases.join(','), 'analysing,idle');
    equal(analysis.fileName, 'patient_02.txt');
    equal(analysis.result!.metrics.apnea_count, 2);
    equal(analysis.progress, null);
    ok(host.updates > 0, 'the host re-rendered');
    equal(await analysis.analyse(file), 'already-analysed');
  });

  it('passes the scoring options to the worker; the same file with other options is analysed again; a settings problem is said', async () => {
    let scoring = scoringOptions('resmed-like', '4,20.167,20,48.333');
    const analysis = new AnalysisController(connectedHost(), undefined, () => scoring);
    const file = await sampleFile('patient_02.txt');
    equal(await analysis.analyse(file), 'analysed');
    equal(analysis.clinical!.method.preset, 'resmed-like');
    ok(analysis.clinical!.leak.unintentional, 'unintentional leak with a vent curve');
    equal(analysis.error, '');
    scoring = scoringOptions('aasm', '4;20');
    equal(await analysis.analyse(file), 'analysed', 'new options: analysed again');
    equal(analysis.clinical!.method.preset, 'aasm');
    equal(analysis.clinical!.leak.unintentional, null);
    ok(/^vent-curve: /.test(analysis.error), analysis.error);
  });

  it("analyses the last file again when the host's scoring settings change, once per change", async () => {
    let scoring = scoringOptions('aasm', '');
    const host = connectedHost();
    const analysis = new AnalysisController(host, undefined, () => scoring);
    equal(await analysis.analyse(await sampleFile('patient_03.txt')), 'analysed');
    const first = analysis.result;
    host.requestUpdate();
    await host.updateComplete;
    await sleep(50);
    equal(analysis.result, first, 'no change: no new analysis');
    scoring = scoringOptions('oscar-uf', '');
    host.requestUpdate();
    await until(() => analysis.clinical?.method.preset === 'oscar-uf', 'the re-scored result');
    equal(analysis.fileName, 'patient_03.txt');
    equal(analysis.result!.metrics.apnea_count, first!.metrics.apnea_count, 'the same file');
    analysis.reset();
    scoring = scoringOptions('aasm', '');
    host.requestUpdate();
    await host.updateComplete;
    await sleep(50);
    equal(analysis.result, null, 'after reset nothing is re-analysed');
  });

  it('a second file supersedes the first: only the second result is kept', async () => {
    const analysis = new AnalysisController(connectedHost());
    const first = analysis.analyse(await sampleFile('patient_01.txt'));
    const second = analysis.analyse(await sampleFile('patient_03.txt'));
    equal(await first, 'superseded');
    equal(await second, 'analysed');
    equal(analysis.fileName, 'patient_03.txt');
    equal(analysis.error, '');
  });

  it('cancel says the analysis was cancelled; a bad file keeps the previous result', async () => {
    const analysis = new AnalysisController(connectedHost());
    equal(await analysis.analyse(await sampleFile('patient_01.txt')), 'analysed');
    const previous = analysis.result;
    const night = SAMPLE_RECORDINGS.find((s) => s.id === 'night-8h')!;
    const running = analysis.analyseSample(night);
    analysis.cancel();
    equal(await running, 'failed');
    ok(/cancelled/.test(analysis.error), analysis.error);
    equal(analysis.result, previous, 'previous result kept after cancel');
    equal(await analysis.analyse(new File(['not,a\nrecording\n'], 'bad.txt', { type: 'text/plain' })), 'failed');
    ok(/^bad\.txt: /.test(analysis.error), analysis.error);
    equal(analysis.result, previous, 'previous result kept after a bad file');
  });

  it('generates and analyses a sample; reset forgets everything, even a running job', async () => {
    const analysis = new AnalysisController(connectedHost());
    const calm = SAMPLE_RECORDINGS.find((s) => s.id === 'calm-3min')!;
    const running = analysis.analyseSample(calm);
    equal(analysis.phase, 'preparing');
    equal(await running, 'analysed');
    equal(analysis.fileName, 'calm-3min.txt');
    ok(analysis.result!.metrics.breaths > 30, `${analysis.result!.metrics.breaths} breaths`);
    const again = analysis.analyseSample(calm);
    analysis.reset();
    equal(await again, 'superseded');
    equal(analysis.result, null);
    equal(analysis.phase, 'idle');
    equal(analysis.fileName, '');
    equal(analysis.error, '');
  });

  it('warm start: the worker starts when the browser is idle (not with no-warm) and answers a ping', async () => {
    const warm = workerOf(new AnalysisController(connectedHost()));
    const coldHost = connectedHost();
    coldHost.setAttribute('no-warm', '');
    const cold = workerOf(new AnalysisController(coldHost));
    await until(() => warm.isRunning, 'the worker started when idle', 5000);
    await warm.warm(); // a round-trip: the worker and its analysis code are loaded
    await new Promise((r) => requestIdleCallback(() => setTimeout(r, 300), { timeout: 3000 }));
    equal(cold.isRunning, false, 'no-warm: no worker before the first analysis');
  });
});
