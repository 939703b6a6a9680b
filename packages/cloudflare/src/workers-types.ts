// The Workers runtime's own types, imported by name rather than declared globally: the shared
// packages type-check against the Web platform's lib (as browsers and Node see it), which the
// global form of these declarations would contradict.
export type {
  D1Database,
  DurableObjectNamespace,
  DurableObjectState,
  Fetcher,
  WebSocket,
  WebSocketPair,
  WebSocketRequestResponsePair,
} from '@cloudflare/workers-types/index.ts';
