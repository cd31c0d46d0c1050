import { expect } from 'chai';
import { restartDelayMs } from '../../src/cluster/restart-backoff.js';
import { planProcesses } from '../../src/cluster/web-concurrency.js';
import { loadConfig } from '../../src/config.js';

const GiB = 1024 ** 3;
const PG = 'postgres://u@db.example/vanity';
const big = { cores: 16, memoryBytes: 64 * GiB };

describe('how many processes (WEB_CONCURRENCY)', () => {
  it('runs one process locally unless WEB_CONCURRENCY says otherwise', () => {
    expect(planProcesses({ webConcurrency: undefined, dyno: undefined, databaseUrl: PG }, big)).to.deep.equal({ workers: 1, source: 'default' });
    expect(planProcesses({ webConcurrency: 3, dyno: undefined, databaseUrl: PG }, big)).to.deep.equal({ workers: 3, source: 'WEB_CONCURRENCY=3' });
    expect(planProcesses({ webConcurrency: 12, dyno: 'web.1', databaseUrl: PG }, big).workers, 'as set, beyond the default cap').to.equal(12);
  });

  it("on a dyno without WEB_CONCURRENCY: the dyno's cores, at most 8 and one per 256 MiB", () => {
    const onDyno = (cores: number, memoryBytes: number) => planProcesses({ webConcurrency: undefined, dyno: 'web.1', databaseUrl: PG }, { cores, memoryBytes });
    expect(onDyno(2, 2.5 * GiB)).to.deep.equal({ workers: 2, source: '2 cores on dyno web.1' });
    expect(onDyno(8, 14 * GiB).workers).to.equal(8);
    expect(onDyno(32, 62 * GiB).workers, 'capped').to.equal(8);
    expect(onDyno(8, 0.5 * GiB).workers, 'standard-1X: 8 shared cores, 512 MB').to.equal(2);
    expect(onDyno(8, 0.1 * GiB).workers, 'never 0').to.equal(1);
  });

  it('reduces several processes to one on SQLite, with the reason', () => {
    for (const databaseUrl of [undefined, 'sqlite:/tmp/x.sqlite']) {
      const plan = planProcesses({ webConcurrency: 2, dyno: undefined, databaseUrl }, big);
      expect(plan.workers).to.equal(1);
      expect(plan.reduced).to.match(/^WEB_CONCURRENCY=2 reduced to 1 process: SQLite has one writer/);
    }
    expect(planProcesses({ webConcurrency: 1, dyno: undefined, databaseUrl: undefined }, big).reduced, 'nothing to say for 1').to.equal(undefined);
  });

  it('reads WEB_CONCURRENCY as a whole number from 1 to 32, else refuses to start naming it', () => {
    expect(loadConfig({ WEB_CONCURRENCY: '4' }).webConcurrency).to.equal(4);
    expect(loadConfig({ WEB_CONCURRENCY: '' }).webConcurrency).to.equal(undefined);
    for (const bad of ['0', '-1', '1.5', 'two', '33']) {
      expect(() => loadConfig({ WEB_CONCURRENCY: bad }), bad).to.throw(`WEB_CONCURRENCY must be a whole number of processes from 1 to 32, got "${bad}"`);
    }
  });
});

describe('restarting a dead worker', () => {
  it('at once after a worker that ran a while, then backs off 1 s, 2 s, 4 s … up to 30 s while they keep dying young', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).to.deep.equal([0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
