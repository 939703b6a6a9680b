// Run as a child process by regexp-linear-fallback.test.ts, set up as bosun's entries are: the
// flag module first. Prints which engine each choice ran on and whether (a+)+$ matched a 100 KiB
// line of "a" ending in "b", a match a backtracking engine would not finish.
import '../regexp-linear-fallback.ts';
import { compileLinePattern, type EngineChoice } from '@bosun/protocol/safe-pattern';

const line = `${'a'.repeat(100 * 1024 - 1)}b`;
const report: Record<string, { runsOn: string; matched: boolean }> = {};
for (const engine of ['auto', 'native'] satisfies EngineChoice[]) {
  const result = compileLinePattern({ query: '(a+)+$', regex: true, caseSensitive: true }, engine);
  if (!result.ok) throw new Error(result.message);
  report[engine] = { runsOn: result.matcher.runsOn, matched: result.matcher.test(line) };
}
process.stdout.write(JSON.stringify(report));
