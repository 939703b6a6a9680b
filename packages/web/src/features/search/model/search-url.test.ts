import { describe, expect, it } from 'vitest';
import { readSearchState, searchQueryOf, viewerLinkOf, writeSearchState } from './search-url.ts';

describe('the Search page URL', () => {
  it('round-trips a search, leaving defaults out and other parameters alone', () => {
    const params = new URLSearchParams(
      'q=connection+reset&regex=1&range=7d&hosts=edge-01,edge-02&levels=error,warn&streams=stderr&x=keep',
    );
    const state = readSearchState(params);
    expect(state).toMatchObject({
      q: 'connection reset',
      regex: true,
      caseSensitive: false,
      range: '7d',
      hosts: ['edge-01', 'edge-02'],
      levels: ['error', 'warn'],
      streams: ['stderr'],
    });
    const written = writeSearchState(new URLSearchParams('x=keep&q=old'), state);
    expect(written.toString()).toBe(
      'q=connection+reset&regex=1&range=7d&hosts=edge-01%2Cedge-02&streams=stderr&levels=error%2Cwarn&x=keep',
    );
    expect(writeSearchState(new URLSearchParams(), readSearchState(new URLSearchParams())).toString()).toBe(
      '',
    );
  });

  it('drops what a link may not ask for', () => {
    const state = readSearchState(new URLSearchParams('range=1y&levels=error,fatal&streams=stdin'));
    expect(state.range).toBe('1h');
    expect(state.levels).toEqual(['error']);
    expect(state.streams).toEqual([]);
  });

  it('asks the manager for a preset as a duration and a custom range as instants', () => {
    const preset = readSearchState(new URLSearchParams('q=boom&range=15m&containers=shop/web%231'));
    expect(searchQueryOf(preset, 100)).toEqual({
      q: 'boom',
      since: '15m',
      containers: 'shop/web#1',
      limit: 100,
    });
    const custom = readSearchState(
      new URLSearchParams('q=boom&range=custom&since=2026-11-25T03:00:00Z&until=2026-11-25T04:00:00Z'),
    );
    expect(searchQueryOf(custom, 10)).toEqual({
      q: 'boom',
      since: '2026-11-25T03:00:00Z',
      until: '2026-11-25T04:00:00Z',
      limit: 10,
    });
  });

  it('asks nothing without a text, stream or level', () => {
    expect(searchQueryOf(readSearchState(new URLSearchParams('range=24h')), 100)).toBeNull();
    expect(searchQueryOf(readSearchState(new URLSearchParams('levels=error')), 100)).toEqual({
      since: '1h',
      levels: 'error',
      limit: 100,
    });
  });

  it('links a hit to the viewer on its container, at its line', () => {
    const link = viewerLinkOf({
      hostName: 'edge-01',
      containerName: 'web',
      containerId: 'abc123',
      line: { seq: 42 },
    });
    expect(link).toBe('/logs?c=edge-01%2Fweb&cid=abc123&at=42');
  });
});
