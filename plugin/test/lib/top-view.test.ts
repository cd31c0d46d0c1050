import { expect } from 'chai';
import { bar } from '../../src/lib/render/top-view.js';
import { formatShare } from '../../src/lib/render/format.js';

describe('bar', () => {
  it('is full for the largest row and scales the others in eighths of a cell', () => {
    expect(bar(80, 80, 10)).to.equal('██████████');
    expect(bar(10, 80, 10)).to.equal('█▎');
    expect(bar(1, 1000, 10)).to.equal('▏');
  });

  it('is empty for zero', () => {
    expect(bar(0, 10)).to.equal('');
    expect(bar(0, 0)).to.equal('');
  });
});

describe('formatShare', () => {
  it('gives one decimal below 10% so small shares stay distinct', () => {
    expect(formatShare(1, 3)).to.equal('33%');
    expect(formatShare(1, 200)).to.equal('0.5%');
    expect(formatShare(5, 0)).to.equal('0%');
  });
});
