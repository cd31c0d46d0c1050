import { expect } from 'chai';
import { fitSeries, sparkline } from '../../src/lib/render/sparkline.js';

describe('sparkline', () => {
  it('scales to the largest value and keeps any non-zero value above the baseline', () => {
    expect(sparkline([0, 1, 50, 100])).to.equal('▁▂▅█');
    expect(sparkline([1, 1000])).to.equal('▂█');
  });

  it('draws all zeros (and no data) flat', () => {
    expect(sparkline([0, 0, 0])).to.equal('▁▁▁');
    expect(sparkline([])).to.equal('');
  });
});

describe('fitSeries', () => {
  const point = (hour: number, count: number) => ({ t: `2026-11-23T${String(hour).padStart(2, '0')}:00:00Z`, count, errors: count % 2 });

  it('sums neighbouring buckets until the series fits, each keeping its first time', () => {
    const series = [1, 2, 3, 4, 5].map((count, hour) => point(hour, count));
    expect(fitSeries(series, 2)).to.deep.equal([
      { t: '2026-11-23T00:00:00Z', count: 6, errors: 2 },
      { t: '2026-11-23T03:00:00Z', count: 9, errors: 1 },
    ]);
  });

  it('leaves a series that fits as it is', () => {
    const series = [point(0, 1), point(1, 2)];
    expect(fitSeries(series, 60)).to.equal(series);
  });
});
