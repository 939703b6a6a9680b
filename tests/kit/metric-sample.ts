/**
 * The value of one series in Prometheus text (`name{labels} value` as the manager writes it), or
 * undefined when the text has no such series.
 */
export function metricSample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
