import { expect } from 'chai';
import { createLogger } from '../../src/log/logger.js';
import { scheduleRetention } from '../../src/retention/retention-schedule.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase } from '../support/test-database.js';
import type { TestDatabase } from '../support/test-database.js';

/** Runs one scheduled round on `store` and returns what it logged. */
async function oneRound(store: Store, intervalSeconds = 3600): Promise<string[]> {
  const lines: string[] = [];
  let logged: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (logged = resolve));
  const schedule = scheduleRetention(store, {
    intervalSeconds,
    firstRunSeconds: 0,
    now: () => new Date(),
    log: createLogger((line) => {
      lines.push(line);
      logged();
    }),
  });
  await done;
  await schedule.stop();
  return lines;
}

describe('retention schedule across processes', () => {
  let database: TestDatabase;
  let stores: Store[];
  beforeEach(async () => {
    database = await createTestDatabase();
    stores = [await openStore(database.url), await openStore(database.url)];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await database.drop();
  });

  it('runs a round unless another process is running retention (PostgreSQL); SQLite always runs it', async () => {
    const [mine, theirs] = stores as [Store, Store];
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const holds = new Promise<void>((resolve) => (entered = resolve));
    const holding = theirs.runExclusive('retention', () => {
      entered();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await holds;
    // A one-second interval claims with no gap: only the lock decides here.
    const whileHeld = await oneRound(mine, 1);
    release();
    await holding;
    expect(whileHeld.join('\n')).to.match(database.kind === 'postgres' ? /retention skipped: another process/ : /retention done/);
    expect((await oneRound(mine, 1)).join('\n')).to.match(/retention done/);
  });

  it('runs one round per interval between processes: another round within half an interval is skipped', async () => {
    const [mine, theirs] = stores as [Store, Store];
    expect((await oneRound(mine)).join('\n')).to.match(/retention done/);
    expect((await oneRound(theirs)).join('\n')).to.match(/msg="retention skipped: this round already ran" min_gap_s=1800/);
    expect((await oneRound(mine)).join('\n')).to.match(/retention skipped: this round already ran/);
  });
});
