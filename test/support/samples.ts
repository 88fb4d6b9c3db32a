/** The real CPAP samples and their expected metrics, read by path from ../shared (never copied). */
export const SAMPLE_NAMES = [
  'patient_01.txt',
  'patient_02.txt',
  'patient_03.txt',
  'patient_04.txt',
  'patient_05.txt',
  'patient_06.txt',
] as const;

export interface ExpectedMetrics {
  samples: number;
  duration: number;
  breaths: number;
  breath_rate_bpm: number;
  apnea_count: number;
  leakage_l: number;
  breath_times: number[];
  flow_min: number;
  flow_max: number;
  invalid_lines: number[];
}

interface Comparable {
  samples: number;
  duration: number;
  breaths: number;
  breath_rate_bpm: number | null;
  apnea_count: number;
  leakage: number;
  breath_times: number[];
  flow_min: number;
  flow_max: number;
  invalid_lines: Array<{ line: number }>;
}

/** Differences from expected.json beyond its stated tolerances (empty: all within). */
export function compareToExpected(actual: Comparable, expected: ExpectedMetrics): string[] {
  const problems: string[] = [];
  const exact = (name: string, a: unknown, e: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(e)) problems.push(`${name}: ${JSON.stringify(a)} != ${JSON.stringify(e)}`);
  };
  const near = (name: string, a: number | null, e: number, tol: number) => {
    if (a === null || !(Math.abs(a - e) <= tol)) problems.push(`${name}: ${a} not within ${tol} of ${e}`);
  };
  exact('samples', actual.samples, expected.samples);
  exact('breaths', actual.breaths, expected.breaths);
  exact('apnea_count', actual.apnea_count, expected.apnea_count);
  exact('invalid_lines', actual.invalid_lines.map((l) => l.line), expected.invalid_lines);
  near('duration', actual.duration, expected.duration, 1e-9);
  near('breath_rate_bpm', actual.breath_rate_bpm, expected.breath_rate_bpm, 0.01);
  near('leakage', actual.leakage, expected.leakage_l, 0.02);
  near('flow_min', actual.flow_min, expected.flow_min, 1e-12);
  near('flow_max', actual.flow_max, expected.flow_max, 1e-12);
  exact('breath_times.length', actual.breath_times.length, expected.breath_times.length);
  actual.breath_times.forEach((t, i) => {
    if (!(Math.abs(t - expected.breath_times[i]) <= 0.8)) problems.push(`breath_times[${i}]: ${t} vs ${expected.breath_times[i]}`);
  });
  return problems;
}
