// Safe regular expressions: one module for every user-supplied search pattern in bosun (the
// viewer, the CLI, the manager), browser-safe and free of `node:*`.
export {
  type EngineChoice,
  type LineMatcher,
  type LinePatternSpec,
  MAX_RANGES_PER_LINE,
  type MatchRange,
  type PatternResult,
  type RegexEngine,
} from './line-matcher.ts';
export { compileLinePattern, MAX_PATTERN_LENGTH } from './line-pattern.ts';
