import type { z } from 'zod';
import { AGENT_SUBJECTS } from './agent-subjects.ts';
import { wireErrorSchema } from './errors.ts';
import { text } from './fields.ts';
import { MAX_SUBJECT_LENGTH } from './limits.ts';
import { type Direction, push, type SubjectSpec } from './subject-spec.ts';
import { VIEWER_SUBJECTS } from './viewer-subjects.ts';

// Sent for a bad frame that had no reply inbox to answer on; `inReplyTo` names its subject when
// it could be read.
export const errorPushSchema = wireErrorSchema.extend({ inReplyTo: text(MAX_SUBJECT_LENGTH).optional() });

export const SUBJECTS = {
  ...AGENT_SUBJECTS,
  ...VIEWER_SUBJECTS,
  error: push('any', errorPushSchema),
} as const satisfies Record<string, SubjectSpec>;

export type Subjects = typeof SUBJECTS;
export type Subject = keyof Subjects;
export type RequestSubject = { [S in Subject]: Subjects[S]['kind'] extends 'request' ? S : never }[Subject];
export type PushSubject = Exclude<Subject, RequestSubject>;

export type DataOf<S extends Subject> = z.output<Subjects[S]['data']>;
export type ResultOf<S extends Subject> = Subjects[S]['result'] extends z.ZodType
  ? z.output<Subjects[S]['result']>
  : never;

export interface FrameOf<S extends Subject> {
  subject: S;
  reply?: string;
  data: DataOf<S>;
}

// Distributes over S so that checking `frame.subject` narrows `frame.data`.
export type FrameFor<S extends Subject> = { [K in S]: FrameOf<K> }[S];
export type Frame = FrameFor<Subject>;

export const SUBJECT_NAMES = Object.keys(SUBJECTS) as Subject[];

// A Map, not the object: a lookup of "__proto__" or "constructor" must find nothing.
const SPECS: ReadonlyMap<string, SubjectSpec> = new Map(Object.entries(SUBJECTS));

export function getSubjectSpec(subject: string): SubjectSpec | undefined {
  return SPECS.get(subject);
}

export function isSubject(value: unknown): value is Subject {
  return typeof value === 'string' && SPECS.has(value);
}

export function isRequestSubject(value: unknown): value is RequestSubject {
  return typeof value === 'string' && SPECS.get(value)?.kind === 'request';
}

// The subjects a peer may receive travelling in `direction`, plus those allowed either way:
// handy as decode's `allow`.
export function subjectsFor(direction: Direction): Subject[] {
  return SUBJECT_NAMES.filter((subject) => {
    const spec = SUBJECTS[subject].direction;
    return spec === direction || spec === 'any';
  });
}
