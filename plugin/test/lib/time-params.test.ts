import { expect } from 'chai';
import { checkTime, checkTimeZone } from '../../src/lib/time-params.js';

describe('checkTime', () => {
  it('accepts the forms the API accepts', () => {
    for (const value of ['now', '90m', '24h', '7d', '4w', '2026-11-23', '2026-11-23T06:00', '2026-11-23T06:00:00Z', '2026-11-23T06:00:00.5+05:30']) {
      expect(checkTime(value)).to.equal(value);
    }
  });

  it('names the expected forms for anything else', () => {
    for (const value of ['yesterday', '24 hours', '-1h', '2026-02-30T25:00', '']) {
      expect(() => checkTime(value)).to.throw(/^Expected an ISO 8601 time .*, a relative time like 90m, 24h, 7d or 4w, or now \(got/);
    }
  });
});

describe('checkTimeZone', () => {
  it('accepts IANA names and rejects others with an example', () => {
    expect(checkTimeZone('Asia/Kolkata')).to.equal('Asia/Kolkata');
    expect(checkTimeZone('UTC')).to.equal('UTC');
    expect(() => checkTimeZone('Mars/Olympus')).to.throw('Unknown time zone "Mars/Olympus": use an IANA name like Europe/Berlin');
  });
});
