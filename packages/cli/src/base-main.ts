/**
 * `BaseMain`: the skeleton of a user script, as Python's `iotile_cloud.utils.main.BaseMain`. The same
 * steps, each a method to override: `configLogging`, `addExtraArgs`, `getDomain`, `beforeLogin`,
 * `login`, `afterLogin` (the work; abstract here, where Python only warned), `logout`, `afterLogout`.
 *
 * ```ts
 * class Main extends BaseMain<{ project: string }> {
 *   protected addExtraArgs(program: Command) {
 *     program.requiredOption('--project <slug>', 'project to list');
 *   }
 *   protected async afterLogin() {
 *     for await (const device of this.api.paginate('/device/', { params: { query: { project: this.args.project } } })) {
 *       this.logger.info(device.slug);
 *     }
 *   }
 * }
 * process.exitCode = await new Main().main();
 * ```
 *
 * Options every script gets: `-u, --user <email>` (as Python; with it, the password comes from
 * `IOTILE_PASSWORD` or a hidden prompt and the script logs out at the end), `--domain` (env
 * `IOTILE_DOMAIN`), `--insecure`, `--timeout`, `--retries`, `--verbose`, `--quiet`. Without `--user`
 * the script uses `IOTILE_TOKEN` or the session stored by `iotile login` (and leaves it logged in).
 */

import type { Api } from '@iotile/client';
import { Command } from 'commander';
import {
  type CliIo,
  type Context,
  createContext,
  DEFAULT_DOMAIN,
  type GlobalOptions,
  type Logger,
} from './context.js';
import { CliError, describeError, EXIT_OK } from './errors.js';
import { readPassword } from './password.js';
import { openSession } from './session.js';

/** The options `BaseMain` itself defines. */
export interface BaseMainOptions extends GlobalOptions {
  /** `-u, --user`: the e-mail to log in with (Python's `args.email`). */
  user?: string;
}

export interface BaseMainInit {
  /** Shown by `--help`. */
  description?: string;
  /** The streams and environment (default: the process's). */
  io?: CliIo;
}

/** `Extra`: the type of the options your `addExtraArgs` adds; `this.args` has them and the base ones. */
export abstract class BaseMain<Extra extends object = Record<string, never>> {
  /** The argument parser (a commander `Command`); `addExtraArgs` adds to it. */
  readonly program: Command;
  /** The parsed options (set by `main()` before `getDomain`). */
  args!: BaseMainOptions & Extra;
  /** Positional arguments left after the options. */
  operands: string[] = [];
  /** The connection (set by `main()` before `beforeLogin`). */
  api!: Api;
  /** Python's class attribute: the default server. */
  domain: string = DEFAULT_DOMAIN;
  /** Where messages go (`configLogging` chooses). */
  logger!: Logger;
  protected readonly io: CliIo;
  #context!: Context;
  #loggedIn = false;

  constructor(init: BaseMainInit = {}) {
    this.io = init.io ?? {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
    };
    this.program = new Command()
      .description(init.description ?? '')
      .option('-u, --user <email>', 'e-mail to log in with (else IOTILE_TOKEN or the `iotile login` session)')
      .option('--domain <url>', 'IOTile Cloud server (env IOTILE_DOMAIN)')
      .option('--insecure', 'do not check the server TLS certificate')
      .option('--timeout <seconds>', 'deadline of each request attempt', Number)
      .option('--retries <n>', 'extra attempts after network errors', Number)
      .option('-v, --verbose', 'show requests on stderr')
      .option('-q, --quiet', 'fewer messages')
      .allowExcessArguments(true)
      .exitOverride()
      .configureOutput({
        writeOut: (text) => this.io.stdout.write(text),
        writeErr: (text) => this.io.stderr.write(text),
      });
  }

  /**
   * Runs the steps: parse the arguments, `getDomain`, create `api`, `beforeLogin`, `login`; if it
   * succeeded, `afterLogin`, `logout` and `afterLogout`. Resolves the exit code (0, 1 server or
   * network failure or login refused, 2 usage error) after printing any error as one line.
   */
  async main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
    try {
      this.addExtraArgs(this.program);
      try {
        this.program.parse([...argv], { from: 'user' });
      } catch (error) {
        const code = (error as { code?: string }).code;
        return code === 'commander.helpDisplayed' || code === 'commander.version' ? EXIT_OK : 2;
      }
      this.args = this.program.opts() as BaseMainOptions & Extra;
      this.operands = [...this.program.args];
      this.domain = this.getDomain();
      const globals: GlobalOptions = { ...this.args, domain: this.domain };
      this.#context = createContext(globals, this.io);
      this.logger = this.configLogging(this.#context.log);
      const { createApi } = await import('./context.js');
      this.api = await createApi(this.#context);
      await this.beforeLogin();
      if (!(await this.login())) {
        throw new CliError(`login to ${this.domain} failed`, { hint: 'check the e-mail and password' });
      }
      await this.afterLogin();
      await this.logout();
      await this.afterLogout();
      return EXIT_OK;
    } catch (error) {
      const report = describeError(error);
      this.io.stderr.write(`error: ${report.message}\n${report.hint ? `hint: ${report.hint}\n` : ''}`);
      return report.exitCode;
    }
  }

  /** Override to log elsewhere (pino, a file...). Default: the CLI's stderr logger. */
  protected configLogging(logger: Logger): Logger {
    return logger;
  }

  /** Override to add options and arguments to `program` (commander). */
  protected addExtraArgs(_program: Command): void {}

  /** Override to choose the server. Default: `--domain`, else `IOTILE_DOMAIN`, else `this.domain`. */
  protected getDomain(): string {
    return this.args.domain ?? this.io.env.IOTILE_DOMAIN ?? this.domain;
  }

  /** Override for work before logging in (e.g. extra checks of the arguments). */
  protected async beforeLogin(): Promise<void> {}

  /**
   * Override to log in differently. Default: with `--user`, the password from `IOTILE_PASSWORD` or a
   * hidden prompt; without it, `IOTILE_TOKEN` or the session `iotile login` stored for the domain.
   */
  protected async login(): Promise<boolean> {
    if (this.args.user === undefined) {
      const session = await openSession(this.#context);
      this.api = session.api;
      return true;
    }
    const password = await readPassword(this.io, {}, `Password for ${this.args.user}`);
    this.#loggedIn = await this.api.login({ email: this.args.user, password });
    return this.#loggedIn;
  }

  /** The work, once logged in. */
  protected abstract afterLogin(): Promise<void>;

  /** Override to log out differently. Default: log out if `login()` logged in with a password. */
  protected async logout(): Promise<void> {
    if (this.#loggedIn) {
      await this.api.logout();
      this.#loggedIn = false;
    }
  }

  /** Override for work after logging out. */
  protected async afterLogout(): Promise<void> {}
}
