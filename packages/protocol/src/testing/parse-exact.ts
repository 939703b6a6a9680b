import type { z } from 'zod';

/**
 * `value` parsed with `schema`, failing when it does not parse or when parsing dropped anything:
 * a key the schema does not know, anywhere inside. Clients parse answers tolerantly (zod strips
 * unknown keys, so a newer manager's extra fields do no harm); tests use this instead, so an
 * answer that says more than its schema fails there rather than going unnoticed. Meant for
 * schemas without transforms: a value a transform or `.catch` changed counts as dropped.
 */
export function parseExact<S extends z.ZodType>(schema: S, value: unknown, what = 'value'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${pathText(issue.path)}: ${issue.message}`);
    throw new Error(`${what} does not match its schema:\n${lines.join('\n')}`);
  }
  const dropped: string[] = [];
  collectDropped(value, parsed.data, [], dropped);
  if (dropped.length > 0) {
    throw new Error(`${what} holds what its schema does not describe:\n  ${dropped.join('\n  ')}`);
  }
  return parsed.data;
}

function collectDropped(input: unknown, output: unknown, path: PropertyKey[], dropped: string[]): void {
  if (Array.isArray(input)) {
    if (!Array.isArray(output) || output.length !== input.length) {
      dropped.push(`${pathText(path)}: changed by parsing`);
      return;
    }
    for (const [index, item] of input.entries())
      collectDropped(item, output[index], [...path, index], dropped);
    return;
  }
  if (isPlainObject(input)) {
    if (!isPlainObject(output)) {
      dropped.push(`${pathText(path)}: changed by parsing`);
      return;
    }
    for (const [key, item] of Object.entries(input)) {
      // JSON has no undefined: an absent key and an undefined one are the same answer.
      if (item === undefined) continue;
      if (!Object.hasOwn(output, key)) dropped.push(`${pathText([...path, key])}: unknown key`);
      else collectDropped(item, output[key], [...path, key], dropped);
    }
    return;
  }
  if (!Object.is(input, output)) dropped.push(`${pathText(path)}: changed by parsing`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole value)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}
