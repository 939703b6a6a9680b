import fc from 'fast-check';

// fast-check generators for property tests; nothing here is part of the protocol.

// Any UTF-16 code unit, lone surrogates included, or any astral code point as a proper pair:
// the strings a peer could really put in a frame, not just well-formed Unicode.
const codeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((point) => String.fromCodePoint(point)),
);

/** Strings a peer could really send, lone surrogates included, up to `maxLength` code units. */
export const anyString = (maxLength = 64) => fc.string({ unit: codeUnit, maxLength });

const digits = (n: number, width: number) => String(n).padStart(width, '0');

/** Docker's RFC 3339 timestamps, UTC, with zero to nine fraction digits. */
export const dockerTimestamp = fc
  .record({
    year: fc.integer({ min: 1970, max: 2200 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
  })
  .map(
    (t) =>
      `${digits(t.year, 4)}-${digits(t.month, 2)}-${digits(t.day, 2)}T${digits(t.hour, 2)}:${digits(t.minute, 2)}:` +
      `${digits(t.second, 2)}${t.fraction === undefined ? '' : `.${t.fraction}`}Z`,
  );
