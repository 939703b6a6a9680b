/**
 * How many bytes `s` takes in UTF-8. Counting code units instead of encoding keeps size checks on
 * hot paths (every log line, every frame) free of allocations. A lone surrogate counts 3 bytes:
 * TextEncoder writes it as U+FFFD.
 */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  const length = s.length;
  for (let i = 0; i < length; i++) {
    const unit = s.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether `s` takes more than `maxBytes` in UTF-8. One UTF-16 code unit never takes more than 3
 * UTF-8 bytes (a pair takes 4 for 2 units), and never fewer than 1, so most strings are judged on
 * their length alone.
 */
export function exceedsUtf8Bytes(s: string, maxBytes: number): boolean {
  if (s.length > maxBytes) return true;
  if (s.length * 3 <= maxBytes) return false;
  return utf8ByteLength(s) > maxBytes;
}
