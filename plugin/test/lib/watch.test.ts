import { captureOutput } from '@oclif/test';
import { ux } from '@oclif/core/ux';
import { expect } from 'chai';
import { watch } from '../../src/lib/watch.js';

describe('watch', () => {
  it('redraws after each interval, keeps the last screen when a refresh fails, and stops when aborted', async () => {
    const stop = new AbortController();
    const answers: Array<string | Error> = ['frame 2', new Error('Could not reach Vanity'), 'frame 3'];
    const { stdout } = await captureOutput(() =>
      watch(
        () => ux.stdout('frame 1'),
        async () => {
          const next = answers.shift();
          if (next === undefined) stop.abort();
          if (next instanceof Error) throw next;
          return () => ux.stdout(next ?? 'last');
        },
        { everyMs: 5, signal: stop.signal, now: () => new Date(0) },
      ),
      { stripAnsi: false },
    );
    const clears = stdout.split('\u001B[H\u001B[2J');
    expect(clears.map((screen) => screen.split('\n')[0])).to.deep.equal(['', 'frame 1', 'frame 2', 'frame 3', 'last']);
    expect(clears[2]).to.include('refresh failed (Could not reach Vanity); retrying');
    expect(clears[1]).to.include('every 0.005s · Ctrl-C to stop');
  });
});
