import { expect } from 'chai';
import { resourceToken, userScopedResourceToken } from '../../src/sso/sso-tokens.js';

describe('SSO tokens (protocol spec §3.1 test vectors)', () => {
  it('computes resource_token / legacy token as sha1(id:salt:timestamp)', () => {
    expect(resourceToken('123', '2f97bfa52ca102f8874716e2eb1d3b4920ad0be4', '1267597772')).to.equal(
      'bb466eb1d6bc345d11072c3cd25c311f21be130d',
    );
    expect(resourceToken('1', 'SSO_SALT', '1262304000')).to.equal('b6010f6fbb850887a396c2bc0ab23974003008f6');
    expect(resourceToken('123', 'salty', '567')).to.equal('8bcafa70e186a8f9b85a1c93f3b6b0507748ec7a');
    expect(resourceToken('01234567-89ab-cdef-0123-456789abcdef', 'salty', '1700000000')).to.equal(
      'bd8a01c06fab71c864b3b74562514bef503732c7',
    );
  });

  it('computes user_scoped_resource_token as sha256(id:salt:timestamp:user_id:email)', () => {
    expect(
      userScopedResourceToken(
        '01234567-89ab-cdef-0123-456789abcdef',
        'salty',
        '1700000000',
        '11111111-2222-3333-4444-555555555555',
        'user@example.com',
      ),
    ).to.equal('3480c6c6c4237ea8ddf5ba1b0f7c446e13a12d06c6354f77432872c2f71afc56');
  });
});
