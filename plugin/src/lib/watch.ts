import { ux } from '@oclif/core/ux';

const CLEAR_SCREEN = '\u001B[H\u001B[2J';

export interface WatchOptions {
  everyMs: number;
  /** Stops the loop (tests); Ctrl-C ends the process otherwise. */
  signal?: AbortSignal;
  now?: () => Date;
}

type Frame = () => void;

/**
 * Draws `first`, then every `everyMs` fetches and draws the next frame until stopped. A failed
 * refresh (network blip, server restart) keeps the last screen, says so underneath, and tries
 * again on the next tick.
 */
export async function watch(first: Frame, fetchNext: () => Promise<Frame>, options: WatchOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const redraw = (frame: Frame) => {
    process.stdout.write(CLEAR_SCREEN);
    frame();
    ux.stdout(`\nUpdated ${now().toLocaleTimeString()} · every ${options.everyMs / 1000}s · Ctrl-C to stop`);
  };
  redraw(first);
  while (!options.signal?.aborted) {
    await sleep(options.everyMs, options.signal);
    if (options.signal?.aborted) break;
    try {
      redraw(await fetchNext());
    } catch (error) {
      ux.stdout(`${now().toLocaleTimeString()}: refresh failed (${error instanceof Error ? error.message : String(error)}); retrying`);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
