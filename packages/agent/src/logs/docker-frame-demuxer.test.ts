import type { LogStream } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { bytes, chunksOf, frame, splitEverywhere, tsAt, tsPrefix } from '../testing/index.ts';
import { DockerFrameDemuxer } from './docker-frame-demuxer.ts';
import type { LogStreamError } from './log-stream-error.ts';

function demux(chunks: Uint8Array[], maxPayloadBytes?: number) {
  const frames: { stream: LogStream; payload: Buffer }[] = [];
  const errors: LogStreamError[] = [];
  const demuxer = new DockerFrameDemuxer({
    onFrame: (stream, payload) => frames.push({ stream, payload: Buffer.from(payload) }),
    onError: (error) => errors.push(error),
    ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }),
  });
  for (const chunk of chunks) demuxer.push(chunk);
  demuxer.end();
  return { frames, errors };
}

const PAYLOADS: [LogStream, Buffer][] = [
  ['stdout', Buffer.concat([tsPrefix(tsAt(0)), bytes('first\n')])],
  ['stderr', Buffer.concat([tsPrefix(tsAt(1)), bytes('second é\n')])],
  ['stdout', Buffer.alloc(0)],
  ['stdout', Buffer.concat([tsPrefix(tsAt(2)), Buffer.alloc(3000, 'x')])],
];
const STREAM = Buffer.concat(PAYLOADS.map(([stream, payload]) => frame(stream, payload)));
const EXPECTED = PAYLOADS.map(([stream, payload]) => ({ stream, payload }));

describe('DockerFrameDemuxer', () => {
  it('emits each frame with its stream', () => {
    expect(demux([STREAM])).toEqual({ frames: EXPECTED, errors: [] });
  });

  it('gives the same frames whatever the chunking, headers split included', () => {
    for (const chunks of splitEverywhere(STREAM))
      expect(demux(chunks)).toEqual({ frames: EXPECTED, errors: [] });
    expect(demux(chunksOf(STREAM, 1))).toEqual({ frames: EXPECTED, errors: [] });
    expect(demux(chunksOf(STREAM, 7))).toEqual({ frames: EXPECTED, errors: [] });
  });

  it('hands out a view of the chunk, not a copy, when a payload lies within it', () => {
    const views: Uint8Array[] = [];
    const demuxer = new DockerFrameDemuxer({ onFrame: (_s, p) => views.push(p), onError: () => {} });
    demuxer.push(STREAM);
    expect(views.every((view) => view.buffer === STREAM.buffer)).toBe(true);
  });

  it('reports an oversized frame as fatal and ignores the rest of the stream', () => {
    const header = Buffer.from([1, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]);
    const { frames, errors } = demux([frame('stdout', bytes('ok\n')), header, STREAM]);
    expect(frames).toEqual([{ stream: 'stdout', payload: bytes('ok\n') }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'frame_too_large', fatal: true });
  });

  it('honours a configured payload bound', () => {
    const { errors } = demux([frame('stdout', Buffer.alloc(101))], 100);
    expect(errors.map((e) => e.code)).toEqual(['frame_too_large']);
  });

  it('reports bytes that are not a frame header (e.g. a TTY stream read as multiplexed)', () => {
    const { frames, errors } = demux([Buffer.concat([tsPrefix(tsAt(0)), bytes('raw tty output\n')])]);
    expect(frames).toEqual([]);
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([['bad_frame_header', true]]);
  });

  it('starts afresh after reset()', () => {
    const frames: Buffer[] = [];
    const demuxer = new DockerFrameDemuxer({
      onFrame: (_s, p) => frames.push(Buffer.from(p)),
      onError: () => {},
    });
    demuxer.push(Buffer.from([9, 9, 9, 9, 9, 9, 9, 9]));
    // Past a fatal error the rest of the body is unreadable: nothing more comes out of it.
    demuxer.push(frame('stdout', bytes('lost\n')));
    expect(frames).toEqual([]);
    demuxer.reset();
    demuxer.push(frame('stdout', bytes('again\n')));
    expect(frames).toEqual([bytes('again\n')]);
  });

  it("passes Docker's system error frames on without stopping", () => {
    const { frames, errors } = demux([
      frame(3, bytes("Error grabbing logs: invalid character 'x'\n")),
      frame('stdout', bytes('after\n')),
    ]);
    expect(errors.map((e) => [e.code, e.fatal, e.message])).toEqual([
      ['docker_error', false, "Error grabbing logs: invalid character 'x'"],
    ]);
    expect(frames).toEqual([{ stream: 'stdout', payload: bytes('after\n') }]);
  });

  it('reports a stream that ends inside a frame', () => {
    const whole = frame('stdout', bytes('cut short\n'));
    expect(demux([whole.subarray(0, 5)]).errors.map((e) => e.code)).toEqual(['truncated_frame']);
    expect(demux([whole.subarray(0, 12)]).errors.map((e) => e.code)).toEqual(['truncated_frame']);
  });
});
