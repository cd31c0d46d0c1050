import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/store/store.js';
import { TOMBSTONE_CLEARED, TOMBSTONE_KEPT } from '../../src/store/tombstone.js';
import { memoryContractDatabase, testContractDatabase } from '../support/contract-database.js';
import type { ContractDatabase } from '../support/contract-database.js';
import { newResource } from '../support/new-resource.js';

const LIST_FILE = 'server/src/store/tombstone.ts';

/** What a cleared column reads back as: null, or the empty value of a NOT NULL column. */
const isEmpty = (value: unknown) =>
  value === null || value === 0 || value === '0' || value === false || value === '{}' || (typeof value === 'object' && !(value instanceof Date) && Object.keys(value as object).length === 0);

describe('store: a deprovisioned resource is a tombstone', () => tombstoneContract(testContractDatabase));
describe('store: a deprovisioned resource is a tombstone on the in-memory store', () => tombstoneContract(memoryContractDatabase));

function tombstoneContract(createDatabase: () => Promise<ContractDatabase>): void {
  let database: ContractDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await createDatabase();
    store = await database.open();
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

  it('keeps only its id, seq and timestamps, and every column of resources is in one of the two lists', async () => {
    const id = randomUUID();
    const created = await store.createResource(newResource({ id, name: 'acme-vanity', region: 'eu', options: { timezone: 'Europe/Berlin' } }));
    if (created.outcome === 'deleted') throw new Error('unexpected tombstone');
    expect(await store.changePlan(id, 'pro')).to.equal('changed');
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
    expect(Object.keys(tombstone).filter((c) => !isEmpty(tombstone[c])).sort(), 'the columns a tombstone keeps').to.deep.equal(['created_at', 'deleted_at', 'id', 'seq']);
    expect(tombstone).to.include({ id, seq: live.seq });
    expect(tombstone.created_at).to.deep.equal(live.created_at);
    expect(await store.createResource(newResource({ id }))).to.deep.equal({ outcome: 'deleted' });
  });

  it("leaves the operator the plan it had last and its region, from its plan events", async () => {
    const id = randomUUID();
    await store.createResource(newResource({ id, plan: 'hobby', region: 'eu' }));
    expect(await store.changePlan(id, 'pro')).to.equal('changed');
    expect(await store.deleteResource(id)).to.equal('deleted');
    const lifetime = (await store.listResourceLifetimes()).find((r) => r.id === id);
    expect(lifetime).to.include({ id, plan: 'pro', region: 'eu' });
    expect(lifetime?.deletedAt).to.be.instanceOf(Date);
    expect((await store.listPlanEvents()).filter((e) => e.resourceSeq === lifetime?.seq).map((e) => [e.plan, e.region])).to.deep.equal([
      ['hobby', 'eu'],
      ['pro', 'eu'],
    ]);
  });
}
