import type { ReadStream } from 'node:tty';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/**
 * Reads a password from the terminal without echoing it. Raw mode is switched off again
 * however the prompt ends, so a Ctrl-C never leaves the terminal without echo.
 */
export function promptPassword(
  prompt: string,
  input: ReadStream = process.stdin as ReadStream,
): Promise<string> {
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let password = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === CTRL_C || char === CTRL_D) return done(new Error('login cancelled'));
        if (BACKSPACE.has(char)) password = password.slice(0, -1);
        else password += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
