const UNIT_BYTES: Record<string, number> = {
  '': 1,
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
};

// A whole number and an optional unit ("256MiB", "1 GiB", "500MB", "1048576"). Bounded in length
// so a pathological string costs nothing to refuse.
const SIZE_PATTERN = /^(\d{1,13})\s?(B|KB|MB|GB|KiB|MiB|GiB)?$/;

/**
 * A size in bytes from how people write it: `256MiB`, `1GiB`, `500MB` (SI units are powers of
 * ten, IEC units powers of two, as `ls` and `df` read them) or plain bytes; undefined when `text`
 * is not one.
 */
export function byteSize(text: string): number | undefined {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * (UNIT_BYTES[match[2] ?? ''] ?? 1);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A size for messages: whole MiB or GiB when it is one, else bytes (`256MiB`, `1GiB`, `1000B`). */
export function formatByteSize(bytes: number): string {
  for (const unit of ['GiB', 'MiB', 'KiB'] as const) {
    const size = UNIT_BYTES[unit]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
