import { MAX_JSON_LINE_LENGTH, parseJsonLine } from '@bosun/protocol';

// Where the viewer's decoding and the manager's filters read JSON lines alike.
export { MAX_JSON_LINE_LENGTH, parseJsonLine };

const MESSAGE_KEYS = ['msg', 'message', 'text'];

// A row shows one line of text: enough fields and characters to read it, not a dump.
/** The most `key=value` fields a summary shows. */
export const MAX_SUMMARY_FIELDS = 50;
/** The most characters of one value a summary shows; longer ones end in `…`. */
export const MAX_SUMMARY_VALUE_LENGTH = 500;

function clip(text: string): string {
  return text.length > MAX_SUMMARY_VALUE_LENGTH ? `${text.slice(0, MAX_SUMMARY_VALUE_LENGTH - 1)}…` : text;
}

function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// Quoted when a bare value would blur into the next `key=value` pair.
function fieldValue(value: unknown): string {
  if (typeof value === 'string') {
    return value === '' || /[\s="]/.test(value) ? clip(JSON.stringify(value)) : clip(value);
  }
  return clip(compact(value));
}

/** A JSON line as a row shows it: its message, if it has one, then its other fields. */
export type JsonSummary = { message: string | null; fields: Array<[string, string]> };

/**
 * A structured line laid out for reading: its message (`msg`, `message` or `text`), then the
 * other fields as key/value strings, nested values as compact JSON, in the line's own order.
 */
export function summarizeJson(obj: Record<string, unknown>): JsonSummary {
  const messageKey = MESSAGE_KEYS.find(
    (key) => Object.hasOwn(obj, key) && obj[key] !== null && obj[key] !== undefined,
  );
  const message = messageKey === undefined ? null : clip(compact(obj[messageKey]));
  const fields: Array<[string, string]> = [];
  for (const key of Object.keys(obj)) {
    if (key === messageKey) continue;
    if (fields.length === MAX_SUMMARY_FIELDS) {
      fields.push(['…', `${Object.keys(obj).length - MAX_SUMMARY_FIELDS - (messageKey ? 1 : 0)} more`]);
      break;
    }
    fields.push([key, fieldValue(obj[key])]);
  }
  return { message, fields };
}
