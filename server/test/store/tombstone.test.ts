import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/open-store.js';
import type { NewResource } from '../../src/model/resource.js';
import type { Store } from '../../src/store/store.js';
import { TOMBSTONE_CLEARED, TOMBSTONE_KEPT } from '../../src/store/tombstone.js';
import { createTestDatabase } from '../support/test-database.js';
import type { TestDatabase } from '../support/test-database.js';

const newResource = (id: string): NewResource => ({
  id,
  name: 'acme-vanity',
  plan: 'pro',
  region: 'eu',
  options: { timezone: 'Europe/Berlin' },
  logDrainToken: `d.${id}`,
  keySalt: randomUUID(),
  apiKeyHash: 'a'.repeat(64),
  drainKeyHash: 'b'.repeat(64),
  publicId: randomUUID(),
  badgeEnabled: false,
});

const LIST_FILE = 'server/src/store/tombstone.ts';

/** What a cleared column reads back as: null, or the empty value of a NOT NULL column. */
const isEmpty = (value: unknown) =>
  value === null || value === 0 || value === '0' || value === false || value === '{}' || (typeof value === 'object' && Object.keys(value as object).length === 0);

describe('store: a deprovisioned resource is a tombstone', () => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await createTestDatabase();
    store = await openStore(database.url);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const rowOf = async (id: string) => {
    const row = (await database.dump('resources')).find((r) => r.id === id);
    if (!row) throw new Error(`no resources row for ${id}`);
    return row;
  };

  it('keeps only its id, seq, timestamps, plan and region, and every column of resources is in one of the two lists', async () => {
    const id = randomUUID();
    const created = await store.createResource(newResource(id));
    if (created.outcome === 'deleted') throw new Error('unexpected tombstone');
    await store.setBadgeEnabled(id, true);
    expect(await store.beginRotation(id, { keySalt: randomUUID(), apiKeyHash: 'c'.repeat(64), drainKeyHash: 'd'.repeat(64) }, 2_000_000_000)).to.equal(true);
    await store.prune(created.resource.seq, { minute: 1_700_000_000, hour: 1_600_000_000 });

    const live = await rowOf(id);
    const columns = Object.keys(live).sort();
    const listed = [...TOMBSTONE_KEPT, ...Object.keys(TOMBSTONE_CLEARED)];
    const unlisted = columns.filter((c) => !listed.includes(c));
    expect(unlisted, `resources columns in neither list of ${LIST_FILE}: add each to TOMBSTONE_CLEARED (deprovision clears it), or to TOMBSTONE_KEPT only if a deprovisioned resource must keep it`).to.deep.equal([]);
    expect(listed.filter((c) => !columns.includes(c)), `${LIST_FILE} lists columns resources does not have: remove them`).to.deep.equal([]);
    for (const column of Object.keys(TOMBSTONE_CLEARED)) expect(isEmpty(live[column]), `${column} is set while the resource lives`).to.equal(false);

    expect(await store.deleteResource(id)).to.equal('deleted');
    const tombstone = await rowOf(id);
    for (const column of Object.keys(TOMBSTONE_CLEARED)) expect(isEmpty(tombstone[column]), `${column} left on the tombstone: ${String(tombstone[column])}`).to.equal(true);
    expect(tombstone).to.include({ id, seq: live.seq, plan: 'pro', region: 'eu' });
    expect(tombstone.created_at).to.deep.equal(live.created_at);
    expect(tombstone.deleted_at).not.to.equal(null);
    expect(await store.createResource(newResource(id))).to.deep.equal({ outcome: 'deleted' });
  });
});
