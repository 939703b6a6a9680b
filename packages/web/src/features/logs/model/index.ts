// The log viewer's model: pure and DOM-free, so every rule about what the user sees is tested in
// Node. Components and hooks import from here.
export {
  type AnsiSegment,
  ansiSegments,
  type HighlightedSegment,
  highlightSegments,
  stripAnsi,
} from './ansi.ts';
export { gapMarker, noticeMarker, toViewEntries } from './decode-entry.ts';
export { type DownloadOptions, downloadFileName, formatForDownload } from './download.ts';
export {
  FilterPipeline,
  type FilterPipelineOptions,
  type Highlighter,
  LINEAR_NOTICE,
  type SearchState,
} from './filter-pipeline.ts';
export { DEFAULT_MAX_PENDING, FrameBatcher, type Schedule } from './frame-batcher.ts';
export { GenerationFollower, type GenerationFollowerOptions } from './generation-follower.ts';
export { type JsonSummary, MAX_JSON_LINE_LENGTH, parseJsonLine, summarizeJson } from './json-line.ts';
export { compileLineSearch, type LineSearch, NO_SEARCH, type SearchCompiler } from './line-search.ts';
export {
  type AppendResult,
  DEFAULT_MAX_LINES,
  DEFAULT_MAX_MARKERS,
  DROPPED_MARKER_ID,
  LogBuffer,
  type LogBufferOptions,
  type PrependResult,
  type TrimResult,
} from './log-buffer.ts';
export { DEFAULT_FILTER, FilteredView, type FilterSpec } from './log-filter.ts';
export { LogSession } from './log-session.ts';
export {
  isLine,
  type Level,
  type MarkerKind,
  type SourceKey,
  type ViewEntry,
  type ViewLine,
  type ViewMarker,
} from './log-types.ts';
export { droppedText, endText, formatCount, gapText, restartText } from './marker-text.ts';
export {
  OLDER_PAGE_LINES,
  OlderLines,
  type OlderLinesOptions,
  type OlderPage,
  type OlderState,
  type PreviousGeneration,
} from './older-lines.ts';
export {
  DEFAULT_DEADLINE_MS,
  type PatternStatus,
  PatternWorkerClient,
  type PatternWorkerClientOptions,
  type PatternWorkerPort,
  type StartPatternWorker,
} from './pattern-worker-client.ts';
export { PatternWorkerCore, type PatternWorkerPost } from './pattern-worker-core.ts';
export type { FromPatternWorker, ToPatternWorker } from './pattern-worker-messages.ts';
export { ReconnectingSocket } from './reconnecting-socket.ts';
export { MAX_HIGHLIGHTED_TEXTS, RegexHighlights } from './regex-highlights.ts';
export { serverFilterOf } from './server-filter.ts';
export type {
  ConnectionState,
  EntriesPhase,
  LogSessionEvents,
  LogSessionOptions,
  SessionGap,
  SourceState,
  WebSocketLike,
} from './session-types.ts';
export { parseSourceKey, type SourceTarget, sourceKeyOf } from './source-key.ts';
export { formatTs, tsKeyOf } from './timestamps.ts';
