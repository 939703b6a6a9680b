import { describe, expect, it } from 'vitest';
import { NotLoggedInError, UsageError } from '../exit-codes.ts';
import { resolveConnection } from './settings.ts';

const saved = { manager: 'http://m:7070', token: 'bsn_saved' };

describe('resolveConnection', () => {
  it('uses the saved login', () => {
    expect(resolveConnection({}, saved, {})).toEqual({ manager: 'http://m:7070', token: 'bsn_saved' });
  });

  it('lets BOSUN_TOKEN and --manager override the file', () => {
    expect(resolveConnection({}, saved, { BOSUN_TOKEN: 'bsn_env' })).toEqual({
      manager: 'http://m:7070',
      token: 'bsn_env',
    });
    expect(resolveConnection({ manager: 'http://other:1' }, saved, { BOSUN_TOKEN: 'bsn_env' })).toEqual({
      manager: 'http://other:1',
      token: 'bsn_env',
    });
    expect(resolveConnection({ manager: 'http://other:1/' }, {}, { BOSUN_TOKEN: 'bsn_env' }).manager).toBe(
      'http://other:1',
    );
  });

  it('never sends the saved token to another manager', () => {
    expect(() => resolveConnection({ manager: 'http://other:1' }, saved, {})).toThrow(NotLoggedInError);
    expect(() => resolveConnection({ manager: 'http://other:1' }, saved, {})).toThrow(
      /not logged in to http:\/\/other:1/,
    );
  });

  it('says how to log in when there is nothing', () => {
    expect(() => resolveConnection({}, {}, {})).toThrow(
      'not logged in: run bosun login --manager URL or set BOSUN_TOKEN',
    );
  });

  it('needs a manager for BOSUN_TOKEN, and refuses credentials in the URL', () => {
    expect(() => resolveConnection({}, {}, { BOSUN_TOKEN: 'bsn_env' })).toThrow(UsageError);
    expect(() => resolveConnection({ manager: 'http://u:p@m' }, {}, { BOSUN_TOKEN: 't' })).toThrow(
      /must not carry credentials/,
    );
    expect(() => resolveConnection({ manager: 'http://m/?token=x' }, {}, { BOSUN_TOKEN: 't' })).toThrow(
      UsageError,
    );
  });
});
