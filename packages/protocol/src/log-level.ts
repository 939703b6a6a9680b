/** A log line's severity, as every part of bosun classifies it. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

// Words loggers use for a level. Single letters are only trusted where the surrounding shape
// says "this is a level" (JSON field, brackets, glog, Ruby), never bare in text.
const LEVEL_WORDS: Record<LogLevel, readonly string[]> = {
  error: [
    'error',
    'err',
    'fatal',
    'crit',
    'critical',
    'alert',
    'emerg',
    'emergency',
    'panic',
    'dpanic',
    'severe',
  ],
  warn: ['warn', 'warning', 'wrn'],
  info: ['info', 'inf', 'information', 'informational', 'notice', 'note'],
  debug: ['debug', 'dbg', 'trace', 'trc', 'verbose', 'fine', 'finer', 'finest'],
};

const WORDS = new Map<string, LogLevel>();
for (const [level, words] of Object.entries(LEVEL_WORDS) as Array<[LogLevel, readonly string[]]>) {
  for (const word of words) WORDS.set(word, level);
}

const LETTERS = new Map<string, LogLevel>([
  ['e', 'error'],
  ['f', 'error'],
  ['c', 'error'],
  ['w', 'warn'],
  ['i', 'info'],
  ['n', 'info'],
  ['d', 'debug'],
  ['t', 'debug'],
  ['v', 'debug'],
]);

function wordLevel(word: string): LogLevel | null {
  return WORDS.get(word.toLowerCase()) ?? null;
}

function tokenLevel(token: string): LogLevel | null {
  const lower = token.toLowerCase();
  return WORDS.get(lower) ?? (lower.length === 1 ? (LETTERS.get(lower) ?? null) : null);
}

// pino/bunyan use 10 (trace) to 60 (fatal); syslog severities 0 (emergency) to 7 (debug).
function numericLevel(value: number): LogLevel | null {
  if (!Number.isInteger(value) || value < 0) return null;
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  if (value >= 10) return 'debug';
  if (value <= 3) return 'error';
  if (value === 4) return 'warn';
  if (value <= 6) return 'info';
  return value === 7 ? 'debug' : null;
}

function valueLevel(value: unknown): LogLevel | null {
  if (typeof value === 'number') return numericLevel(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (/^\d{1,3}$/.test(trimmed)) return numericLevel(Number(trimmed));
  return tokenLevel(trimmed);
}

const JSON_LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', 'levelname', 'loglevel', 'severity_text'];

function jsonLevel(json: Record<string, unknown>): LogLevel | null {
  for (const key of JSON_LEVEL_KEYS) {
    if (!Object.hasOwn(json, key)) continue;
    const level = valueLevel(json[key]);
    if (level !== null) return level;
  }
  // ECS nests it: {"log": {"level": "warn"}}.
  const log = Object.hasOwn(json, 'log') ? json.log : undefined;
  if (typeof log === 'object' && log !== null && !Array.isArray(log) && Object.hasOwn(log, 'level')) {
    return valueLevel((log as Record<string, unknown>).level);
  }
  return null;
}

// A level is a prefix thing: past this, "error" is part of the message ("retrying after error").
const HEAD_LENGTH = 80;
// logfmt's key says what the value is, so it may sit after a long time=… or caller=… field.
const LOGFMT_LENGTH = 256;

const LOGFMT = /(?:^|\s)(?:level|lvl|severity)=["']?([A-Za-z]+)/i;
// [ERROR], [error] (nginx), [Warning] (MySQL), <E>, [ W ].
const BRACKETED = /[[<]\s*([A-Za-z]+)\s*[\]>]/g;
// glog / klog: "E1125 06:30:00.123456 ..." (letter, month, day, time).
const GLOG = /(?:^|\s)([IWEF])(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]) \d\d:\d\d:\d\d/;
// Ruby's Logger: "E, [2026-11-25T06:30:00.123 #1] ERROR -- : ...".
const RUBY = /^([DIWEF]), \[/;
// "ERROR: ...", "Warning: ...", Python's "WARNING:root:...".
const COLON = /(?:^|[\s|])([A-Za-z]+):/g;
// zap's console encoder: "2026-11-25T06:30:00.000Z\tinfo\tmsg".
const TABBED = /(?:^|\t)([A-Za-z]+)(?=\t)/g;
// A bare level word only counts in capitals: "WARN something", "... INFO main ...".
const CAPITALS =
  /(?:^|[\s|,;])(ERROR|ERR|FATAL|CRIT|CRITICAL|WARN|WARNING|INFO|NOTICE|DEBUG|TRACE|PANIC|SEVERE)(?=$|[\s|,;:\]])/;
// Or, in any case, as the very first word: "error connecting to db".
const FIRST_WORD = /^(error|fatal|warn|warning|info|debug|trace)(?=\s)/i;

function firstOf(pattern: RegExp, head: string, map: (token: string) => LogLevel | null): LogLevel | null {
  for (const match of head.matchAll(pattern)) {
    const level = map(match[1] as string);
    if (level !== null) return level;
  }
  return null;
}

function captured(pattern: RegExp, head: string, map: (token: string) => LogLevel | null): LogLevel | null {
  const match = pattern.exec(head);
  return match ? map(match[1] as string) : null;
}

// Most specific shape first, so "[INFO] request failed: ERROR 500" is info.
function textLevel(plain: string): LogLevel | null {
  const logfmt = captured(
    LOGFMT,
    plain.length > LOGFMT_LENGTH ? plain.slice(0, LOGFMT_LENGTH) : plain,
    tokenLevel,
  );
  if (logfmt !== null) return logfmt;
  const head = plain.length > HEAD_LENGTH ? plain.slice(0, HEAD_LENGTH) : plain;
  return (
    firstOf(BRACKETED, head, tokenLevel) ??
    captured(GLOG, head, tokenLevel) ??
    captured(RUBY, head, tokenLevel) ??
    firstOf(COLON, head, wordLevel) ??
    firstOf(TABBED, head, wordLevel) ??
    captured(CAPITALS, head, wordLevel) ??
    captured(FIRST_WORD, head, wordLevel)
  );
}

/**
 * The line's severity, or null when it does not say. It lives here so that every part filtering
 * by level (today the browser's viewer) classifies a line the same way. `plain` is the line's text
 * without ANSI escapes; `json` its parsed object when it is a JSON line. A JSON line is judged by
 * its fields only (its text is the JSON). Which stream a line came on says nothing: plenty of
 * programs log everything to stderr. It runs on every line the viewer receives, so text lines are
 * read only at their head (80 characters, 256 for logfmt's key).
 */
export function detectLevel(plain: string, json: Record<string, unknown> | null): LogLevel | null {
  if (json !== null) return jsonLevel(json);
  if (plain.length === 0) return null;
  return textLevel(plain);
}
