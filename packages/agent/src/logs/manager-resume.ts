import type { DataOf } from '@bosun/protocol';
import type { ContainerLogPipelineOptions } from './container-log-pipeline.ts';

/** `log.stream.start`'s `resume`: the last line the manager holds. */
export type ManagerResume = NonNullable<DataOf<'log.stream.start'>['resume']>;

/**
 * How a pipeline starts from the manager's resume: numbered on from its `seq`, and per stream when
 * it sent positions (protocol 2), else over both streams from `ts` as protocol 1 did, where without
 * a count every line stamped exactly `ts` counts as held.
 */
export function resumeOptions(
  resume: ManagerResume,
): Pick<ContainerLogPipelineOptions, 'nextSeq' | 'resume' | 'resumeStreams'> {
  const nextSeq = resume.seq + 1;
  const streams = resume.streams;
  if (streams?.stdout !== undefined || streams?.stderr !== undefined)
    return { nextSeq, resumeStreams: streams };
  return {
    nextSeq,
    resume: resume.countAtTs ? { ts: resume.ts, countAtTs: resume.countAtTs } : { ts: resume.ts },
  };
}
