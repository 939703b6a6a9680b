import { describe, expect, it } from 'vitest';
import { decode, decodeResult } from './decode.ts';
import { encodeErrorReply, encodePush, encodeReply, encodeRequest } from './encode.ts';
import { ProtocolError } from './errors.ts';
import { EXAMPLE_INBOX, EXAMPLE_WIRE_ERROR, EXAMPLES } from './examples.ts';
import { SUBJECT_NAMES, SUBJECTS } from './subjects.ts';

describe('every registered subject round-trips', () => {
  it('has an example for each subject, and a result for each request', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...SUBJECT_NAMES].sort());
    for (const subject of SUBJECT_NAMES) {
      expect('result' in EXAMPLES[subject], subject).toBe(SUBJECTS[subject].kind === 'request');
    }
  });

  for (const subject of SUBJECT_NAMES) {
    const example = EXAMPLES[subject];
    const spec = SUBJECTS[subject];

    it(`${subject}: data`, () => {
      const text =
        spec.kind === 'request'
          ? encodeRequest(subject, example.data, EXAMPLE_INBOX)
          : encodePush(subject, example.data);
      const frame =
        spec.kind === 'request'
          ? { subject, reply: EXAMPLE_INBOX, data: example.data }
          : { subject, data: example.data };
      expect(decode(text)).toStrictEqual({ ok: true, frame });
    });

    if ('result' in example) {
      it(`${subject}: result`, () => {
        const decoded = decode(encodeReply(EXAMPLE_INBOX, example.result));
        expect(decoded).toStrictEqual({
          ok: true,
          frame: { subject: EXAMPLE_INBOX, data: { ok: true, result: example.result } },
        });
        if (!decoded.ok || !('ok' in decoded.frame.data) || !decoded.frame.data.ok)
          throw new Error('unreachable');
        expect(decodeResult(subject, decoded.frame.data.result)).toStrictEqual({
          ok: true,
          result: example.result,
        });
      });

      it(`${subject}: error reply`, () => {
        const error = new ProtocolError(EXAMPLE_WIRE_ERROR.code, EXAMPLE_WIRE_ERROR.message, {
          details: EXAMPLE_WIRE_ERROR.details,
        });
        expect(decode(encodeErrorReply(EXAMPLE_INBOX, error))).toStrictEqual({
          ok: true,
          frame: { subject: EXAMPLE_INBOX, data: { ok: false, error: EXAMPLE_WIRE_ERROR } },
        });
      });
    }
  }
});
