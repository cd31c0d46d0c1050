import { startHerokuStandIn } from '../../server/test/support/heroku-stand-in.js';
import type { RecordedCall, StubApp } from '../../server/test/support/heroku-stand-in.js';

export type { StubApp };

export interface PlatformApiStub {
  url: string;
  seen: RecordedCall[];
  stop(): Promise<void>;
}

/**
 * Heroku's Platform API for the real `heroku` CLI pointed at it with HEROKU_HOST: the server
 * tests' Heroku stand-in, answering the plugin's two calls for `token`.
 */
export async function startPlatformApiStub(token: string, apps: Record<string, StubApp>): Promise<PlatformApiStub> {
  const stand = await startHerokuStandIn({ userToken: token, apps });
  return { url: stand.url, seen: stand.calls, stop: () => stand.stop() };
}
