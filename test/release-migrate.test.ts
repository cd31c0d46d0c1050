import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MIGRATIONS } from '../server/src/store/postgres/migrations.js';
import { createTestSchema, dumpPostgresTable, testPostgres } from './support/postgres.js';
import { REPO_ROOT, spawnServer } from './support/spawn-server.js';

const run = promisify(execFile);

/** What the Procfile's release phase runs. */
function migrate(databaseUrl: string, env: Record<string, string> = {}) {
  return run(process.execPath, [join(REPO_ROOT, 'server/dist/migrate.js')], { env: { ...process.env, ...env, DATABASE_URL: databaseUrl } });
}

describe('the release phase (node server/dist/migrate.js)', () => {
  it('creates the SQLite schema and exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vanity-migrate-'));
    try {
      const { stdout } = await migrate(`sqlite:${join(dir, 'vanity.sqlite')}`);
      expect(stdout).to.include('msg="database schema up to date" store=sqlite');
      expect(existsSync(join(dir, 'vanity.sqlite'))).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with one logfmt line that names the cause and not the DATABASE_URL password', async () => {
    const password = 'release-password-31c7';
    const failed = await migrate(`postgres://vanity:${password}@127.0.0.1:1/vanity`).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed.code).to.equal(1);
    expect(failed.stdout).to.match(/^at=error msg="migration failed" error="[^"\n]*ECONNREFUSED[^"\n]*"\n$/);
    expect(failed.stdout + failed.stderr).not.to.include(password);
  });

  describe('on PostgreSQL', () => {
    let database: { url: string; base: string; schema: string; drop(): Promise<void> } | undefined;
    before(async function () {
      const postgres = await testPostgres();
      if ('skipped' in postgres) return this.skip();
      const schema = await createTestSchema(postgres.url);
      database = { ...schema, base: postgres.url };
    });
    after(async () => {
      await database?.drop();
    });

    it('asks for TLS as sslmode in the URL or PGSSLMODE says (the test server has none), the URL first', async () => {
      if (!database) throw new Error('no database');
      const withMode = (mode: string) => `${database?.url}&sslmode=${mode}`;
      for (const [url, env] of [[withMode('require'), {}], [withMode('no-verify'), {}], [database.url, { PGSSLMODE: 'require' }]] as const) {
        const failed = await migrate(url, env).then(() => 'exited 0', (err: { stdout: string }) => err.stdout);
        expect(failed, `${url} ${JSON.stringify(env)}`).to.include('does not support SSL');
      }
      expect((await migrate(withMode('disable'), { PGSSLMODE: 'require' })).stdout).to.include('store=postgres');
    });

    it('migrates once when run twice at the same time, then the web process starts on that schema', async () => {
      if (!database) throw new Error('no database');
      const outputs = await Promise.all([migrate(database.url), migrate(database.url)]);
      for (const { stdout } of outputs) expect(stdout).to.include('store=postgres');
      expect((await dumpPostgresTable(database.base, database.schema, 'schema_migrations')).map((row) => row.version)).to.deep.equal(MIGRATIONS.map((_, i) => i + 1));

      const server = await spawnServer({ DATABASE_URL: database.url });
      try {
        const health = await fetch(`${server.url}/health`);
        expect(await health.json()).to.deep.equal({ status: 'ok', store: 'postgres' });
      } finally {
        await server.kill();
      }
    });
  });
});
