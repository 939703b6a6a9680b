// The contract between a scenario and bench/run.ts.
//
// A scenario file exports one async function (no arguments) that does ONE run and resolves to a
// `ScenarioRun`: a flat list of `Measure`s plus whatever raw data explains them. run.ts calls it
// BOSUN_BENCH_RUNS times and, per measure name, computes the median and the spread (min–max)
// across runs, the ratio to the baseline's median, and whether the target was met (judged on
// medians). A scenario never asserts and never throws for being slow; it throws only when it
// could not measure at all (run.ts records the error and goes on with the next scenario).
//
// - `name` is the row label and the key across runs: keep it identical from run to run.
// - `baseline` is the same quantity measured by a bare Docker API client in the same run.
// - `target` (optional, one or several) is judged on `value` alone ('value'), on
//   value / baseline ('ratio'), or on value − baseline ('excess').
// - `raw` goes to latest.json unchanged; keep it small (counts, not per-line arrays).

export type Target = { op: '<=' | '>='; value: number; of?: 'value' | 'ratio' | 'excess' };

export type Measure = {
  name: string;
  unit: string;
  value: number;
  baseline?: number;
  target?: Target | Target[];
};

export type ScenarioRun = { measures: Measure[]; raw?: unknown };

/** One table row: a measure summarised over every run that produced it. */
export type Summary = {
  name: string;
  unit: string;
  values: number[];
  median: number;
  min: number;
  max: number;
  baseline?: number;
  ratio?: number;
  targets: Array<Target & { met: boolean }>;
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function judged(target: Target, value: number, baseline: number | undefined): number | undefined {
  const of = target.of ?? 'value';
  if (of === 'value') return value;
  if (baseline === undefined) return undefined;
  return of === 'ratio' ? value / baseline : value - baseline;
}

/** Per measure name, in first-seen order, across the runs of one scenario. */
export function summarise(runs: readonly ScenarioRun[]): Summary[] {
  const byName = new Map<string, Measure[]>();
  for (const run of runs) {
    for (const m of run.measures) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  }
  return [...byName.values()].map((ms) => {
    const values = ms.map((m) => m.value).filter(Number.isFinite);
    const baselines = ms.flatMap((m) =>
      m.baseline !== undefined && Number.isFinite(m.baseline) ? [m.baseline] : [],
    );
    const med = values.length ? median(values) : Number.NaN;
    const baseline = baselines.length ? median(baselines) : undefined;
    const targets = [ms[0]!.target ?? []].flat().map((t) => {
      const v = judged(t, med, baseline);
      const met = v !== undefined && Number.isFinite(v) && (t.op === '<=' ? v <= t.value : v >= t.value);
      return { ...t, met };
    });
    return {
      name: ms[0]!.name,
      unit: ms[0]!.unit,
      values,
      median: med,
      min: values.length ? Math.min(...values) : Number.NaN,
      max: values.length ? Math.max(...values) : Number.NaN,
      ...(baseline === undefined ? {} : { baseline }),
      ...(baseline === undefined || baseline === 0 ? {} : { ratio: med / baseline }),
      targets,
    };
  });
}

/** Integers as they are, else about three significant digits, never an exponent. */
export function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return value.toString();
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toString();
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(2);
}

function targetText(t: Target): string {
  const of = t.of ?? 'value';
  if (of === 'ratio') return `${t.op} ${fmt(t.value)}× bare`;
  if (of === 'excess') return `${t.op} bare + ${fmt(t.value)}`;
  return `${t.op} ${fmt(t.value)}`;
}

/** `| measure | median | spread | baseline | ratio | target | met? |` rows for one scenario. */
export function tableRows(scenario: string, summaries: readonly Summary[]): string[] {
  return summaries.map((s) => {
    const unit = s.unit ? ` (${s.unit})` : '';
    const spread = s.values.length > 1 ? `${fmt(s.min)}–${fmt(s.max)}` : '';
    const ratio = s.ratio === undefined ? '' : `${s.ratio.toFixed(2)}×`;
    const target = s.targets.map(targetText).join('; ');
    const met = s.targets.map((t) => (t.met ? 'met' : '**missed**')).join('; ');
    return `| ${scenario}: ${s.name}${unit} | ${fmt(s.median)} | ${spread} | ${fmt(s.baseline)} | ${ratio} | ${target} | ${met} |`;
  });
}
