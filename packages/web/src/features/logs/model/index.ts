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
export { DEFAULT_MAX_PENDING, FrameBatcher, type Schedule } from './frame-batcher.ts';
export { type JsonSummary, MAX_JSON_LINE_LENGTH, parseJsonLine, summarizeJson } from './json-line.ts';
export {
  type AppendResult,
  DEFAULT_MAX_LINES,
  DEFAULT_MAX_MARKERS,
  DROPPED_MARKER_ID,
  LogBuffer,
  type LogBufferOptions,
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
export { ReconnectingSocket } from './reconnecting-socket.ts';
export {
  type CompiledSearch,
  compileSearch,
  MAX_QUERY_LENGTH,
  type SearchError,
  type SearchRange,
  type SearchSpec,
} from './search.ts';
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
