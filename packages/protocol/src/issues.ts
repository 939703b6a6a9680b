import type { z } from 'zod';
import { ProtocolError, truncateMessage } from './errors.ts';

type Issue = z.core.$ZodIssue;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_KEY_IN_PATH = 64;
const MAX_REPORTED_ISSUES = 10;

/**
 * Where in a value an issue lies, as `root` and a JavaScript-style path ("data.entries[3].seq"),
 * which reads the same in a CLI message and a browser console.
 */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment) && segment.length <= MAX_KEY_IN_PATH)
      out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment).slice(0, MAX_KEY_IN_PATH))}]`;
  }
  return out;
}

function bound(issue: { inclusive?: boolean }, strict: string, loose: string): string {
  return issue.inclusive === false ? strict : loose;
}

function sizeUnit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}

/**
 * A zod issue as a short phrase ("expected at most 64 characters"), any key it names cut to 64
 * characters, so a message built from it stays a sentence rather than an echo of the input.
 */
export function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined && 'input' in issue) return 'required';
      return `expected ${issue.expected === 'int' ? 'integer' : issue.expected}`;
    case 'too_small': {
      const unit = sizeUnit(issue.origin);
      return unit
        ? `expected at least ${issue.minimum}${unit}`
        : `expected ${bound(issue, '>', '>=')} ${issue.minimum}`;
    }
    case 'too_big': {
      const unit = sizeUnit(issue.origin);
      return unit
        ? `expected at most ${issue.maximum}${unit}`
        : `expected ${bound(issue, '<', '<=')} ${issue.maximum}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'unrecognized_keys':
      return `unexpected key ${issue.keys.map((k) => JSON.stringify(k.slice(0, MAX_KEY_IN_PATH))).join(', ')}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined && 'options' in issue && issue.options)
        return `expected ${issue.discriminator} ${issue.options.map((v) => JSON.stringify(v)).join(' | ')}`;
      return 'matches none of the accepted forms';
    default:
      return issue.message;
  }
}

/**
 * Zod's issues as one `invalid_data` error. The first issue names the problem; the first ten, with
 * their paths, travel in details for whoever debugs the peer.
 */
export function issuesToError(root: string, issues: readonly Issue[]): ProtocolError {
  const described = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: formatPath(root, issue.path),
    message: describeIssue(issue),
  }));
  const first = described[0] ?? { path: root, message: 'invalid' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ProtocolError('invalid_data', truncateMessage(`${first.path}: ${first.message}${more}`), {
    details: { issues: described },
  });
}
