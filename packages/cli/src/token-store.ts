/**
 * Where `iotile login` keeps its tokens: one JSON file in the user's config directory (env-paths:
 * `~/.config/iotile` on Linux, `~/Library/Preferences/iotile` on macOS, `%APPDATA%\iotile\Config` on
 * Windows; `IOTILE_CONFIG_DIR` overrides it), one entry per domain.
 *
 * The file is only ever replaced whole: written to a temporary file created with mode 0600 in the same
 * directory, then renamed over the old one, so it is never readable by others, even for a moment, and
 * never half-written. The directory is created with mode 0700.
 */

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { CliError } from './errors.js';

/** What is stored for one domain. */
export interface StoredSession {
  token: string;
  tokenType: string;
  username?: string | undefined;
  email?: string | undefined;
  /** When the token was stored (ISO 8601). */
  savedAt: string;
}

interface StoreFile {
  version: 1;
  sessions: Record<string, StoredSession>;
}

export const TOKEN_FILE_NAME = 'credentials.json';

/** The config directory: `IOTILE_CONFIG_DIR`, else env-paths' config directory for `iotile`. */
export function configDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.IOTILE_CONFIG_DIR;
  return override !== undefined && override !== '' ? override : envPaths('iotile', { suffix: '' }).config;
}

/** Tokens by domain, in `<config dir>/credentials.json` (mode 0600). */
export class TokenStore {
  readonly directory: string;
  readonly file: string;

  constructor(directory: string = configDirectory()) {
    this.directory = directory;
    this.file = join(directory, TOKEN_FILE_NAME);
  }

  /** The session stored for `domain`, if any. */
  async get(domain: string): Promise<StoredSession | undefined> {
    return (await this.#read()).sessions[domain];
  }

  /** Stores (or replaces) the session of `domain`. */
  async set(domain: string, session: StoredSession): Promise<void> {
    const data = await this.#read();
    data.sessions[domain] = session;
    await this.#write(data);
  }

  /** Forgets the session of `domain`; resolves whether there was one. */
  async delete(domain: string): Promise<boolean> {
    const data = await this.#read();
    if (!(domain in data.sessions)) {
      return false;
    }
    delete data.sessions[domain];
    if (Object.keys(data.sessions).length === 0) {
      await rm(this.file, { force: true });
    } else {
      await this.#write(data);
    }
    return true;
  }

  /** The domains with a stored session. */
  async domains(): Promise<string[]> {
    return Object.keys((await this.#read()).sessions);
  }

  async #read(): Promise<StoreFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { version: 1, sessions: {} };
      }
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoreFile> | null;
      if (parsed && typeof parsed.sessions === 'object' && parsed.sessions !== null) {
        return { version: 1, sessions: { ...parsed.sessions } };
      }
    } catch {
      // reported below
    }
    throw new CliError(`the token store ${this.file} is not valid JSON`, {
      hint: `delete it and log in again (rm ${JSON.stringify(this.file)})`,
    });
  }

  async #write(data: StoreFile): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = join(
      this.directory,
      `.${TOKEN_FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}`,
    );
    try {
      // 'wx' with mode 0600: a new file nobody else can read, whatever the umask allows.
      await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(temporary, 0o600);
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
