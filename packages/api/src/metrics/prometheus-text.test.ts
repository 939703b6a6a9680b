import { describe, expect, it } from 'vitest';
import { formatValue, renderPrometheusText } from './prometheus-text.ts';

describe('renderPrometheusText', () => {
  it('writes HELP and TYPE before each family, then its samples, one per line', () => {
    const text = renderPrometheusText([
      { name: 'bosun_viewers', help: 'Viewer sockets open.', type: 'gauge', samples: [{ value: 3 }] },
      {
        name: 'bosun_log_gaps_total',
        help: 'Gap markers.',
        type: 'counter',
        samples: [
          { labels: { reason: 'ring_evicted' }, value: 1 },
          { labels: { reason: 'subscriber_behind' }, value: 0 },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP bosun_viewers Viewer sockets open.',
        '# TYPE bosun_viewers gauge',
        'bosun_viewers 3',
        '# HELP bosun_log_gaps_total Gap markers.',
        '# TYPE bosun_log_gaps_total counter',
        'bosun_log_gaps_total{reason="ring_evicted"} 1',
        'bosun_log_gaps_total{reason="subscriber_behind"} 0',
        '',
      ].join('\n'),
    );
  });

  it('writes a histogram as cumulative buckets ending in +Inf, then sum and count, labels first', () => {
    const text = renderPrometheusText([
      {
        name: 'bosun_http_request_duration_seconds',
        help: 'HTTP latency.',
        type: 'histogram',
        samples: [
          {
            labels: { route: '/api/me' },
            buckets: [
              [0.005, 1],
              [0.5, 3],
            ],
            sum: 0.75,
            count: 4,
          },
        ],
      },
    ]);
    expect(text.split('\n').slice(2, 7)).toEqual([
      'bosun_http_request_duration_seconds_bucket{route="/api/me",le="0.005"} 1',
      'bosun_http_request_duration_seconds_bucket{route="/api/me",le="0.5"} 3',
      'bosun_http_request_duration_seconds_bucket{route="/api/me",le="+Inf"} 4',
      'bosun_http_request_duration_seconds_sum{route="/api/me"} 0.75',
      'bosun_http_request_duration_seconds_count{route="/api/me"} 4',
    ]);
  });

  it('escapes backslashes, quotes and newlines in label values, and backslashes and newlines in help', () => {
    const text = renderPrometheusText([
      {
        name: 'bosun_x',
        help: 'a \\ b\nc "quoted"',
        type: 'gauge',
        samples: [{ labels: { error: 'C:\\db "busy"\nretry' }, value: 1 }],
      },
    ]);
    expect(text).toBe(
      '# HELP bosun_x a \\\\ b\\nc "quoted"\n# TYPE bosun_x gauge\nbosun_x{error="C:\\\\db \\"busy\\"\\nretry"} 1\n',
    );
  });

  it('writes a family without samples as HELP and TYPE alone, and nothing for no families', () => {
    expect(renderPrometheusText([{ name: 'bosun_a_total', help: 'A.', type: 'counter', samples: [] }])).toBe(
      '# HELP bosun_a_total A.\n# TYPE bosun_a_total counter\n',
    );
    expect(renderPrometheusText([])).toBe('');
  });

  it('refuses a counter without _total, a bad name, a bad label name and a histogram label le', () => {
    const gauge = (name: string, labels?: Record<string, string>) =>
      renderPrometheusText([
        { name, help: 'x', type: 'gauge', samples: [{ value: 1, ...(labels ? { labels } : {}) }] },
      ]);
    expect(() =>
      renderPrometheusText([{ name: 'bosun_a', help: 'x', type: 'counter', samples: [] }]),
    ).toThrow('counter bosun_a must end in _total');
    expect(() => gauge('bosun-a')).toThrow('metric name "bosun-a" is not allowed');
    expect(() => gauge('bosun_a', { 'a-b': 'x' })).toThrow('label name "a-b" is not allowed');
    expect(() => gauge('bosun_a', { __name: 'x' })).toThrow('label name "__name" is not allowed');
    expect(() =>
      renderPrometheusText([
        {
          name: 'bosun_h',
          help: 'x',
          type: 'histogram',
          samples: [{ labels: { le: '1' }, buckets: [], sum: 0, count: 0 }],
        },
      ]),
    ).toThrow('histogram bosun_h cannot have a label le');
  });
});

describe('formatValue', () => {
  it('writes infinities and NaN as the format spells them, numbers as JavaScript does', () => {
    expect([Infinity, -Infinity, NaN, 0, 1.5, 1e-7, 12345678901].map(formatValue)).toEqual([
      '+Inf',
      '-Inf',
      'NaN',
      '0',
      '1.5',
      '1e-7',
      '12345678901',
    ]);
  });
});
