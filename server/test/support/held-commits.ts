import type { CommitHooks } from '../../src/aggregate/group-commit.js';
import type { IngestBatch } from '../../src/model/counts.js';

/**
 * Group-commit hooks that hold the first commit until `release()`, so that every batch
 * submitted meanwhile lands in the next group: the way to put batches into one commit without
 * guessing at timing.
 */
export interface HeldCommits {
  hooks: CommitHooks;
  /** Resolves once the first commit is held. */
  held: Promise<void>;
  /** Resolves once `n` batches wait for the next commit. */
  queued(n: number): Promise<void>;
  release(): void;
  /** The number of batches of each commit, in order. */
  groups: number[];
}

export function holdFirstCommit(): HeldCommits {
  const groups: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const held = new Promise<void>((resolve) => (entered = resolve));
  const waiters: { n: number; resolve(): void }[] = [];
  const hooks: CommitHooks = {
    async beforeCommit(batches: readonly IngestBatch[]) {
      groups.push(batches.length);
      if (groups.length === 1) {
        entered();
        await gate;
      }
    },
    onQueued(queued) {
      for (const w of waiters.filter((w) => w.n <= queued)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
  };
  return { hooks, held, release, groups, queued: (n) => new Promise<void>((resolve) => waiters.push({ n, resolve })) };
}
