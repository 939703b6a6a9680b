import type { z } from 'zod';
import { AGENT_SUBJECTS } from './agent-subjects.ts';
import { wireErrorSchema } from './errors.ts';
import { text } from './fields.ts';
import { MAX_SUBJECT_LENGTH } from './limits.ts';
import { type Direction, push, type SubjectSpec } from './subject-spec.ts';
import { VIEWER_SUBJECTS } from './viewer-subjects.ts';

/**
 * `error`: sent for a bad frame that had no reply inbox to answer on; `inReplyTo` names its
 * subject when it could be read.
 */
export const errorPushSchema = wireErrorSchema.extend({ inReplyTo: text(MAX_SUBJECT_LENGTH).optional() });

/**
 * Every subject of the protocol with its direction and schemas: the one registry `decode` checks
 * frames against and the frame types are derived from.
 */
export const SUBJECTS = {
  ...AGENT_SUBJECTS,
  ...VIEWER_SUBJECTS,
  error: push('any', errorPushSchema),
} as const satisfies Record<string, SubjectSpec>;

/** The type of `SUBJECTS`. */
export type Subjects = typeof SUBJECTS;
/** A registered subject's name. */
export type Subject = keyof Subjects;
/** The subjects that ask for an answer. */
export type RequestSubject = { [S in Subject]: Subjects[S]['kind'] extends 'request' ? S : never }[Subject];
/** The subjects that are never answered. */
export type PushSubject = Exclude<Subject, RequestSubject>;

/** The data a frame of subject `S` carries, as its schema outputs it. */
export type DataOf<S extends Subject> = z.output<Subjects[S]['data']>;
/** The result an answer to request `S` carries (`never` for a push). */
export type ResultOf<S extends Subject> = Subjects[S]['result'] extends z.ZodType
  ? z.output<Subjects[S]['result']>
  : never;

/** A checked frame of one subject. */
export interface FrameOf<S extends Subject> {
  subject: S;
  reply?: string;
  data: DataOf<S>;
}

/**
 * A checked frame of any subject in `S`. Distributes over S so that checking `frame.subject`
 * narrows `frame.data`.
 */
export type FrameFor<S extends Subject> = { [K in S]: FrameOf<K> }[S];
/** A checked frame of any registered subject. */
export type Frame = FrameFor<Subject>;

/** Every registered subject's name. */
export const SUBJECT_NAMES = Object.keys(SUBJECTS) as Subject[];

// A Map, not the object: a lookup of "__proto__" or "constructor" must find nothing.
const SPECS: ReadonlyMap<string, SubjectSpec> = new Map(Object.entries(SUBJECTS));

/** The spec of a registered subject, or `undefined`; a name like "__proto__" finds nothing. */
export function getSubjectSpec(subject: string): SubjectSpec | undefined {
  return SPECS.get(subject);
}

/** Whether `value` names a registered subject. */
export function isSubject(value: unknown): value is Subject {
  return typeof value === 'string' && SPECS.has(value);
}

/** Whether `value` names a registered request subject. */
export function isRequestSubject(value: unknown): value is RequestSubject {
  return typeof value === 'string' && SPECS.get(value)?.kind === 'request';
}

/**
 * The subjects a peer may receive travelling in `direction`, plus those allowed either way:
 * handy as decode's `allow`.
 */
export function subjectsFor(direction: Direction): Subject[] {
  return SUBJECT_NAMES.filter((subject) => {
    const spec = SUBJECTS[subject].direction;
    return spec === direction || spec === 'any';
  });
}
