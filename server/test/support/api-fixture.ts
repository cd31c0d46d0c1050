import { apiGet } from './api-client.js';
import type { LogLines } from './log-lines.js';
import type { ApiAnswer } from './api-client.js';
import { provision } from './provider-client.js';
import type { Provisioned } from './provider-client.js';
import { startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';
import type { Resource } from '../../src/model/resource.js';

/** A test server whose clock the test sets, and helpers to provision and query. */
export interface ApiFixture {
  server: TestServer;
  /** What the server logged (request log off). */
  logs: LogLines;
  setNow(iso: string): void;
  /** Provisions a resource and returns its URLs and its stored row. */
  addResource(overrides?: Record<string, unknown>): Promise<Provisioned & { resource: Resource }>;
  /** The stored resource again (plan and prune marks change). */
  reload(id: string): Promise<Resource>;
  get<T = Record<string, unknown>>(vanityUrl: string, path: string): Promise<ApiAnswer<T>>;
}

export async function startApiFixture(now: string, env: Record<string, string> = {}): Promise<ApiFixture> {
  let clock = new Date(now);
  const server = await startTestServer(env, { now: () => clock });
  const reload = async (id: string) => {
    const resource = await server.store.getResource(id);
    if (!resource) throw new Error(`resource ${id} is gone`);
    return resource;
  };
  return {
    server,
    logs: server.logs,
    setNow(iso) {
      clock = new Date(iso);
    },
    async addResource(overrides = {}) {
      const provisioned = await provision(server, overrides);
      return { ...provisioned, resource: await reload(provisioned.id) };
    },
    reload,
    get: apiGet,
  };
}

/** The fixture a describe's tests share, with one resource (its VANITY_URL in `url`). */
export interface SharedApiFixture {
  fx: ApiFixture;
  url: string;
}

/**
 * Registers the enclosing describe's `before` and `after`: one fixture with its clock at `now`
 * and one provisioned resource, stopped after the last test. Read it inside the tests.
 */
export function sharedApiFixture(now: string): SharedApiFixture {
  const shared = {} as SharedApiFixture;
  before(async () => {
    shared.fx = await startApiFixture(now);
    shared.url = (await shared.fx.addResource()).vanityUrl;
  });
  after(() => shared.fx.server.stop());
  return shared;
}
