import type { Api } from '@iotile/client';
import type { Command } from 'commander';
import { describe, expectTypeOf, it } from 'vitest';
import { BaseMain, type BaseMainOptions } from '../src/index.js';

describe('BaseMain types', () => {
  it('types args with the extra options, api as an Api, main() resolving an exit code', () => {
    class Main extends BaseMain<{ project: string; dryRun?: boolean }> {
      protected override addExtraArgs(program: Command): void {
        program.requiredOption('--project <slug>');
      }
      protected async afterLogin(): Promise<void> {
        expectTypeOf(this.args.project).toEqualTypeOf<string>();
        expectTypeOf(this.args.dryRun).toEqualTypeOf<boolean | undefined>();
        expectTypeOf(this.args.user).toEqualTypeOf<string | undefined>();
        expectTypeOf(this.api).toEqualTypeOf<Api>();
        // @ts-expect-error not an option of this script
        this.args.other;
      }
    }
    expectTypeOf(new Main().main).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf<Main['args']>().toMatchTypeOf<BaseMainOptions>();
  });

  it('afterLogin is required (Python only warned when it was not overridden)', () => {
    // @ts-expect-error non-abstract class does not implement afterLogin
    class Incomplete extends BaseMain {}
    void Incomplete;
  });

  it('the steps are overridable, with the Python signatures in TypeScript style', () => {
    class Steps extends BaseMain {
      protected override getDomain(): string {
        return 'https://example.com';
      }
      protected override async login(): Promise<boolean> {
        return true;
      }
      protected override async beforeLogin(): Promise<void> {}
      protected override async logout(): Promise<void> {}
      protected override async afterLogout(): Promise<void> {}
      protected async afterLogin(): Promise<void> {}
    }
    void Steps;
    class WrongReturn extends BaseMain {
      // @ts-expect-error login must resolve a boolean
      protected override async login(): Promise<string> {
        return 'yes';
      }
      protected async afterLogin(): Promise<void> {}
    }
    void WrongReturn;
  });
});
