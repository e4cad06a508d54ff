/**
 * The download progress bar (cli-progress) on stderr: points, points/s and, when the number of
 * points is known, the percentage and the ETA. Only on a terminal: `createProgress` returns
 * `undefined` when stderr is not a TTY or with `--quiet`, so pipes and logs never get bar frames.
 */

import type { SingleBar } from 'cli-progress';

export interface Progress {
  /** Adds `points` to the count. */
  add(points: number): void;
  /** Draws the final state and leaves the line. */
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  quiet?: boolean;
  /** Points expected (the server's `count`), if known. */
  total: number | undefined;
  label: string;
}

export function progressWanted(options: Pick<ProgressOptions, 'stream' | 'quiet'>): boolean {
  return options.stream.isTTY === true && !options.quiet;
}

export async function createProgress(options: ProgressOptions): Promise<Progress | undefined> {
  if (!progressWanted(options)) {
    return undefined;
  }
  const { default: cliProgress } = await import('cli-progress');
  const known = options.total !== undefined && options.total > 0;
  const bar: SingleBar = new cliProgress.SingleBar(
    {
      stream: options.stream as NodeJS.WritableStream,
      format: known
        ? `${options.label} {bar} {percentage}% | {value}/{total} points | {rate} points/s | ETA {eta_formatted}`
        : `${options.label} {value} points | {rate} points/s`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let value = 0;
  bar.start(known ? (options.total as number) : 0, 0, { rate: 0 });
  const rate = () => {
    const seconds = (performance.now() - started) / 1000;
    return seconds > 0 ? Math.round(value / seconds).toLocaleString('en-US') : 0;
  };
  return {
    add(points: number) {
      value += points;
      bar.update(value, { rate: rate() });
    },
    stop() {
      if (known && value > (options.total as number)) {
        bar.setTotal(value);
      }
      bar.update(value, { rate: rate() });
      bar.stop();
    },
  };
}
