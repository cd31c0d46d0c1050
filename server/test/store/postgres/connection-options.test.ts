import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { DEFAULT_POOL_SIZE, poolConfig } from '../../../src/store/postgres/connection-options.js';

const HEROKU_URL = 'postgres://u1abc:p4ss@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d5xyz';

describe('PostgreSQL connection options', () => {
  it('uses no TLS for a local server and TLS without certificate checks elsewhere (Heroku Postgres)', () => {
    expect(poolConfig('postgres://postgres@127.0.0.1:5432/vanity').ssl).to.equal(false);
    expect(poolConfig('postgresql://postgres@localhost/vanity').ssl).to.equal(false);
    expect(poolConfig(HEROKU_URL).ssl).to.deep.equal({ rejectUnauthorized: false });
  });

  it("honours the URL's sslmode first, then PGSSLMODE", () => {
    expect(poolConfig(`${HEROKU_URL}?sslmode=disable`, { sslMode: 'require' }).ssl).to.equal(false);
    expect(poolConfig('postgres://postgres@127.0.0.1/v?sslmode=require').ssl).to.deep.equal({ rejectUnauthorized: false });
    expect(poolConfig('postgres://postgres@127.0.0.1/v?sslmode=no-verify').ssl).to.deep.equal({ rejectUnauthorized: false });
    expect(poolConfig(`${HEROKU_URL}?sslmode=verify-full`).ssl).to.deep.equal({ rejectUnauthorized: true });
    expect(poolConfig('postgres://postgres@127.0.0.1/v', { sslMode: 'require' }).ssl).to.deep.equal({ rejectUnauthorized: false });
    expect(poolConfig(HEROKU_URL, { sslMode: 'disable' }).ssl).to.equal(false);
  });

  it('refuses an sslmode node-postgres cannot honour, naming the ones it can', () => {
    expect(() => poolConfig(`${HEROKU_URL}?sslmode=prefer`)).to.throw(/sslmode must be disable, require, no-verify/);
  });

  it('hands pg the URL without sslmode, keeping other parameters', () => {
    const config = poolConfig(`${HEROKU_URL}?sslmode=require&options=-c%20search_path%3Dt_1`);
    expect(config.connectionString).not.to.include('sslmode');
    expect(new URL(config.connectionString as string).searchParams.get('options')).to.equal('-c search_path=t_1');
  });

  it('sizes the pool from PGPOOL_MAX or VANITY_DB_POOL_SIZE', () => {
    expect(poolConfig(HEROKU_URL).max).to.equal(DEFAULT_POOL_SIZE);
    expect(poolConfig(HEROKU_URL, { poolSize: 12 }).max).to.equal(12);
    expect(loadConfig({ VANITY_DB_POOL_SIZE: '8' }).dbPoolSize).to.equal(8);
    expect(loadConfig({ VANITY_DB_POOL_SIZE: '8', PGPOOL_MAX: '3' }).dbPoolSize).to.equal(3);
    expect(loadConfig({}).dbPoolSize).to.equal(undefined);
    expect(() => loadConfig({ PGPOOL_MAX: '1' })).to.throw(/PGPOOL_MAX must be a whole number of connections ≥ 2/);
    expect(() => loadConfig({ VANITY_DB_POOL_SIZE: 'many' })).to.throw(/VANITY_DB_POOL_SIZE/);
  });

  it('refuses to run on a Heroku dyno without PostgreSQL, where the disk is wiped on restart', () => {
    expect(() => loadConfig({ DYNO: 'web.1' })).to.throw(/DATABASE_URL must be a postgres:\/\/ URL on Heroku.*heroku addons:create heroku-postgresql/);
    expect(() => loadConfig({ DYNO: 'web.1', DATABASE_URL: 'sqlite:data/v.sqlite' })).to.throw(/DATABASE_URL must be a postgres/);
    const secrets = { VANITY_SECRET: 's', VANITY_ADDON_PASSWORD: 'p', VANITY_SSO_SALT: 'x', VANITY_BASE_URL: 'https://v.example.com' };
    expect(loadConfig({ DYNO: 'web.1', DATABASE_URL: HEROKU_URL, ...secrets }).databaseUrl).to.equal(HEROKU_URL);
  });
});
