import { setFlagsFromString } from 'node:v8';

// bosun's Node entries import this first, so that every regular expression compiled in the
// process afterwards (the patterns people pass to `bosun logs --grep`, and the manager's) runs
// on V8's backtracking engine, at its usual speed, until one match backtracks too much: that
// match starts over on V8's linear engine instead of running for ever. The second flag adds the
// `l` RegExp flag, by which the shared pattern module asks V8 whether its linear engine can run
// a pattern (protocol's safe-pattern); patterns it cannot run go to re2js. Flags set here apply
// to regular expressions created afterwards (checked on Node 24 by this module's test).
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString('--enable-experimental-regexp-engine');
