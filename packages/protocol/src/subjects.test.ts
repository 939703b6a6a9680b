import { describe, expect, it } from 'vitest';
import { INBOX_PREFIX, isSubjectName } from './envelope.ts';
import { DIRECTIONS } from './subject-spec.ts';
import {
  getSubjectSpec,
  isRequestSubject,
  isSubject,
  SUBJECT_NAMES,
  SUBJECTS,
  subjectsFor,
} from './subjects.ts';

describe('the subject registry', () => {
  it('holds well-formed entries: a valid name, a direction, and a result exactly for requests', () => {
    for (const subject of SUBJECT_NAMES) {
      const spec = SUBJECTS[subject];
      expect(isSubjectName(subject) && !subject.startsWith(INBOX_PREFIX), subject).toBe(true);
      expect(DIRECTIONS).toContain(spec.direction);
      expect(spec.result !== undefined, subject).toBe(spec.kind === 'request');
    }
  });

  it('finds nothing through the prototype chain', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(getSubjectSpec(name)).toBeUndefined();
      expect(isSubject(name)).toBe(false);
    }
  });

  it('tells requests from pushes', () => {
    expect(isRequestSubject('log.stream.start')).toBe(true);
    expect(isRequestSubject('log.batch')).toBe(false);
    expect(isRequestSubject('nope')).toBe(false);
  });

  it('lists what each side receives, with the subjects allowed either way', () => {
    const manager = subjectsFor('agent->manager');
    expect(manager).toContain('agent.hello');
    expect(manager).toContain('log.batch');
    expect(manager).toContain('error');
    expect(manager).not.toContain('container.list');
    expect(subjectsFor('manager->viewer')).toEqual([
      'logs.history',
      'logs.batch',
      'logs.batch.packed',
      'logs.gap',
      'logs.skipped',
      'logs.status',
      'error',
    ]);
  });
});
