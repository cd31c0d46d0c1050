import { expect } from 'chai';
import type { Resource } from '../../src/model/resource.js';
import { keyMatches } from '../../src/rotation/overlap-keys.js';
import { sha256Hex } from '../../src/secrets.js';

const resource = (previousKeys: Resource['previousKeys']): Resource => ({
  id: '0b8f2f4e-1c0e-4b8e-9a43-6f1b2c3d4e5f',
  seq: 1,
  name: null,
  plan: 'hobby',
  region: 'us',
  options: { timezone: 'UTC' },
  logDrainToken: null,
  keySalt: 'new-salt',
  apiKeyHash: sha256Hex('new-api'),
  drainKeyHash: sha256Hex('new-drain'),
  publicId: 'p',
  badgeEnabled: false,
  createdAt: new Date(0),
  prunedBefore: { minute: 0, hour: 0 },
  previousKeys,
});

describe('rotation: keyMatches (current key, and the previous one during the overlap)', () => {
  const rotated = resource({ keySalt: 'old-salt', apiKeyHash: sha256Hex('old-api'), drainKeyHash: sha256Hex('old-drain'), expiresAt: 1000 });

  it('accepts the current key always and the previous key only before the overlap expiry', () => {
    expect(keyMatches(rotated, 'apiKeyHash', sha256Hex('new-api'), 5000)).to.equal(true);
    expect(keyMatches(rotated, 'apiKeyHash', sha256Hex('old-api'), 999)).to.equal(true);
    expect(keyMatches(rotated, 'apiKeyHash', sha256Hex('old-api'), 1000)).to.equal(false);
    expect(keyMatches(rotated, 'drainKeyHash', sha256Hex('old-drain'), 999)).to.equal(true);
    expect(keyMatches(rotated, 'drainKeyHash', sha256Hex('old-drain'), 1000)).to.equal(false);
  });

  it('keeps the purposes apart and refuses wrong, empty and unknown-resource keys', () => {
    expect(keyMatches(rotated, 'drainKeyHash', sha256Hex('old-api'), 0)).to.equal(false);
    expect(keyMatches(rotated, 'apiKeyHash', sha256Hex('new-drain'), 0)).to.equal(false);
    // The placeholder compared against when there is no previous key (or no resource) is the hash of '': it must not open anything.
    expect(keyMatches(resource(null), 'apiKeyHash', sha256Hex(''), 0)).to.equal(false);
    expect(keyMatches(null, 'apiKeyHash', sha256Hex(''), 0)).to.equal(false);
    expect(keyMatches(null, 'apiKeyHash', sha256Hex('new-api'), 0)).to.equal(false);
  });
});
