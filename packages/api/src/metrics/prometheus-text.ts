/** Label names to values; written sorted by nothing but the order given. */
export type MetricLabels = Readonly<Record<string, string>>;

/** One sample of a counter or gauge. */
export type ValueSample = { labels?: MetricLabels; value: number };

/** One histogram: cumulative counts per upper bound (ascending, +Inf left out), its sum and count. */
export type HistogramSample = {
  labels?: MetricLabels;
  buckets: ReadonlyArray<readonly [upperBound: number, cumulativeCount: number]>;
  sum: number;
  count: number;
};

/** A metric family: its name, help text, type and samples (a family may have none yet). */
export type MetricFamily =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: readonly ValueSample[] }
  | { name: string; help: string; type: 'histogram'; samples: readonly HistogramSample[] };

/** The Content-Type of what `renderPrometheusText` writes. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Metric families in Prometheus text exposition format 0.0.4: `# HELP` and `# TYPE` per family,
 * then its samples; histograms as `_bucket{le=…}` (ending in `+Inf`), `_sum` and `_count`.
 * Help text escapes `\` and newlines, label values `\`, `"` and newlines. A name the format
 * does not allow, a counter not ending in `_total` or a label named `le` on a histogram is a
 * mistake in the caller's table, so it throws.
 */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const family of families) {
    checkFamily(family);
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type === 'histogram')
      for (const sample of family.samples) histogramLines(family.name, sample, out);
    else
      for (const sample of family.samples)
        out.push(`${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}`);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function histogramLines(name: string, sample: HistogramSample, out: string[]): void {
  for (const [bound, count] of sample.buckets) {
    out.push(`${name}_bucket${labelText(sample.labels, formatValue(bound))} ${formatValue(count)}`);
  }
  out.push(`${name}_bucket${labelText(sample.labels, '+Inf')} ${formatValue(sample.count)}`);
  out.push(`${name}_sum${labelText(sample.labels)} ${formatValue(sample.sum)}`);
  out.push(`${name}_count${labelText(sample.labels)} ${formatValue(sample.count)}`);
}

function checkFamily(family: MetricFamily): void {
  if (!METRIC_NAME.test(family.name))
    throw new Error(`metric name ${JSON.stringify(family.name)} is not allowed`);
  if (family.type === 'counter' && !family.name.endsWith('_total')) {
    throw new Error(`counter ${family.name} must end in _total`);
  }
  for (const sample of family.samples) {
    for (const label of Object.keys(sample.labels ?? {})) {
      if (!LABEL_NAME.test(label) || label.startsWith('__'))
        throw new Error(`label name ${JSON.stringify(label)} is not allowed`);
      if (family.type === 'histogram' && label === 'le')
        throw new Error(`histogram ${family.name} cannot have a label le`);
    }
  }
}

function labelText(labels: MetricLabels | undefined, le?: string): string {
  const pairs = Object.entries(labels ?? {}).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  if (le !== undefined) pairs.push(`le="${le}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** A sample value or bound as the format writes it: `+Inf`, `-Inf`, `NaN`, or the number. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
