import { expect } from 'chai';
import { percentile, SERVICE_BIN_BOUNDS_MS, SERVICE_OVERFLOW_KEY, serviceBinKey } from '../../src/model/service-histogram.js';

describe('service histogram', () => {
  it('bins a time under the smallest upper bound it does not exceed', () => {
    expect([0, 1, 2, 3, 37, 100, 101, 30000].map(serviceBinKey)).to.deep.equal(['0', '1', '2', '5', '50', '100', '200', '30000']);
  });

  it(`puts times above ${SERVICE_BIN_BOUNDS_MS.at(-1)} ms into '${SERVICE_OVERFLOW_KEY}'`, () => {
    expect(serviceBinKey(30001)).to.equal('inf');
  });

  it('has increasing bounds', () => {
    for (let i = 1; i < SERVICE_BIN_BOUNDS_MS.length; i++) {
      expect(SERVICE_BIN_BOUNDS_MS[i]).to.be.greaterThan(SERVICE_BIN_BOUNDS_MS[i - 1] as number);
    }
  });

  it('answers percentiles as the upper bound of the bin holding the rank', () => {
    const bins = new Map([
      ['10', 50],
      ['100', 45],
      ['1000', 4],
      ['inf', 1],
    ]);
    expect(percentile(bins, 0.5)).to.equal(10);
    expect(percentile(bins, 0.51)).to.equal(100);
    expect(percentile(bins, 0.95)).to.equal(100);
    expect(percentile(bins, 0.99)).to.equal(1000);
    expect(percentile(bins, 1)).to.equal(30000);
  });

  it('answers null for an empty histogram', () => {
    expect(percentile(new Map(), 0.5)).to.equal(null);
  });
});
