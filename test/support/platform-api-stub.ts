import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { listenLocal } from './listen-local.js';

export interface StubApp {
  addons: Array<{ name: string; addon_service: { name: string }; config_vars: string[] }>;
  config: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface PlatformApiStub {
  url: string;
  seen: SeenRequest[];
  stop(): Promise<void>;
}

/**
 * Heroku's Platform API, the one permitted fake: a local server answering the two calls the
 * plugin makes, for the real `heroku` CLI pointed at it with HEROKU_HOST.
 */
export async function startPlatformApiStub(token: string, apps: Record<string, StubApp>): Promise<PlatformApiStub> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      return reply(401, { id: 'unauthorized', message: 'Invalid credentials provided.' });
    }
    const match = /^\/apps\/([^/]+)\/(addons|config-vars)$/.exec(path);
    const app = match && apps[decodeURIComponent(match[1]!)];
    if (req.method !== 'GET' || !match) return reply(404, { id: 'not_found', message: 'Not found.' });
    if (!app) return reply(404, { id: 'not_found', message: "Couldn't find that app.", resource: 'app' });
    return reply(200, match[2] === 'addons' ? app.addons : app.config);
  });
  return { ...(await listenLocal(server)), seen };
}
