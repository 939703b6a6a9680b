import { setTimeout as sleep } from 'node:timers/promises';
import { type CliConfig, readConfig } from './config-file.ts';
import { parseManagerUrl } from './manager-url.ts';
import { renewalDue, renewSavedToken, type SavedLogin } from './token-renewal.ts';

/**
 * The token a command sends, as a long-running command needs it: the one to use now, and what
 * to try once the manager refused it.
 */
export type TokenSource = {
  /** The token to send now. */
  current(): string;
  /**
   * After the manager refused `refused` (HTTP 401, a socket closed 4401): another token worth
   * trying, or undefined when there is none and the command ends as refused.
   */
  replacement(refused: string): Promise<string | undefined>;
  /** Keeps the token renewed while a long command runs, until the returned function is called. */
  keepRenewed(): () => void;
};

/** BOSUN_TOKEN: the user's own to manage, so a refusal of it is final. */
export function fixedToken(token: string): TokenSource {
  return { current: () => token, replacement: async () => undefined, keepRenewed: () => () => {} };
}

// The manager revokes the old token as it answers a renewal, and the bosun that asked writes the
// new one to the file only after that answer arrives: a refusal can come first, so the file is
// read again for this long before the refusal is taken as final.
const SAVED_GRACE_MS = 3_000;
const SAVED_POLL_MS = 100;
// A renewal that could not be done (manager unreachable) is tried again this much later, not in a loop.
const RETRY_MS = 10 * 60_000;
// setTimeout's longest delay; a later renewal is simply looked at again then.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The token `bosun login` saved, kept usable for a command that runs for weeks (`logs -f`). The
 * config file is where every bosun process on the machine meets: one that renews writes the
 * new token there (and the manager revokes the old one at once), so a process refused with its
 * token looks there for the new one, and one about to renew first takes a newer token it finds
 * there instead. Of two processes renewing the same token at once the manager lets one win; the
 * other keeps its refused token until the refusal sends it to the file, which holds the winner's.
 */
export class SavedToken implements TokenSource {
  readonly #path: string;
  readonly #graceMs: number;
  #login: SavedLogin;
  #renewing: Promise<void> | undefined;

  /** `login` is what `path` held when the command started; `graceMs` is for tests. */
  constructor(path: string, login: SavedLogin, graceMs: number = SAVED_GRACE_MS) {
    this.#path = path;
    this.#login = login;
    this.#graceMs = graceMs;
  }

  current(): string {
    return this.#login.token;
  }

  /**
   * Renews the token once it is past half its life (`renewSavedToken`), after taking a newer one
   * another bosun saved: that one may not be due yet. A renewal already under way is joined.
   */
  renewIfDue(now: number = Date.now()): Promise<void> {
    this.#renewing ??= this.#renew(now).finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  /**
   * A token other than `refused`: ours when we renewed since, else the file's when another bosun
   * saved a different one for the same manager (within a short grace, see SAVED_GRACE_MS).
   */
  async replacement(refused: string): Promise<string | undefined> {
    // Our own renewal revokes the token our socket uses: its refusal can beat the renewal's answer.
    await this.#renewing;
    const deadline = Date.now() + this.#graceMs;
    while (this.#login.token === refused) {
      await this.#adoptSaved(() => true);
      if (this.#login.token !== refused || Date.now() >= deadline) break;
      await sleep(SAVED_POLL_MS);
    }
    return this.#login.token === refused ? undefined : this.#login.token;
  }

  /**
   * Renews the token each time it passes half its life while a command runs; the returned
   * function stops it. The timer never keeps the process alive.
   */
  keepRenewed(): () => void {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      const { tokenCreatedAt: created, tokenExpiresAt: expires } = this.#login;
      const dueIn =
        created !== undefined && expires !== undefined ? created + (expires - created) / 2 - Date.now() : 0;
      // Due already: the last renewal did not succeed (manager unreachable, say); try later, not in a loop.
      timer = setTimeout(
        () => void this.renewIfDue().then(schedule),
        Math.min(dueIn > 0 ? dueIn : RETRY_MS, MAX_TIMER_MS),
      );
      timer.unref();
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  async #renew(now: number): Promise<void> {
    if (!renewalDue(this.#login, now)) return;
    const ours = this.#login.tokenCreatedAt ?? 0;
    await this.#adoptSaved((saved) => (saved.tokenCreatedAt ?? 0) > ours);
    this.#login = await renewSavedToken(this.#path, this.#login, now);
  }

  // Takes the file's token when it holds another one for our manager that `accept` likes. A file
  // that cannot be read offers nothing: the token in hand is still the best there is.
  async #adoptSaved(accept: (saved: CliConfig) => boolean): Promise<void> {
    let saved: CliConfig;
    try {
      saved = await readConfig(this.#path);
    } catch {
      return;
    }
    const { manager, token } = saved;
    if (!manager || !token || token === this.#login.token || !sameManager(manager, this.#login.manager))
      return;
    if (accept(saved)) this.#login = { ...saved, manager: this.#login.manager, token };
  }
}

function sameManager(saved: string, ours: string): boolean {
  try {
    return parseManagerUrl(saved) === ours;
  } catch {
    // A URL we cannot parse is not the manager we talk to.
    return false;
  }
}
