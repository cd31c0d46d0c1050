import { cookieHeader, ssoForm, TEST_SSO_SALT } from '../../server/test/support/sso-client.js';
import { providerCredentials, provisionApp } from '../../server/src/simulate/provision-app.js';
import type { SimulatedResource } from '../../server/src/simulate/provision-app.js';
import { streamTraffic } from '../../server/src/simulate/stream-traffic.js';
import type { StreamStats } from '../../server/src/simulate/stream-traffic.js';

export { TEST_SSO_SALT };

/**
 * The newcomer's path, over HTTP: sign on to the dashboard as Heroku would and fill in the
 * alert form (error rate ≥ 10 % over 5 minutes, at least 20 requests) with a webhook and e-mail.
 */
export async function addErrorRateAlertInDashboard(serverUrl: string, resourceId: string, webhookUrl: string, email: string): Promise<void> {
  const signOn = await fetch(`${serverUrl}/sso/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(ssoForm(resourceId, Math.floor(Date.now() / 1000))).toString(),
  });
  if (signOn.status !== 302) throw new Error(`SSO failed: ${signOn.status}`);
  const cookie = cookieHeader(signOn);
  const page = await (await fetch(`${serverUrl}/dashboard/${resourceId}`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the dashboard');
  const form = { csrf, kind: 'error_rate', threshold_percent: '10', window_minutes: '5', min_requests: '20', webhook_url: webhookUrl, email_to: email };
  const added = await fetch(`${serverUrl}/dashboard/${resourceId}/alerts`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(form).toString(),
  });
  if (added.status !== 303) throw new Error(`adding the alert failed: ${added.status} ${await added.text()}`);
}

export interface BurstRun {
  resource: SimulatedResource;
  /** Resolves with the simulator's figures when the traffic stops. */
  done: Promise<StreamStats>;
  stats(): StreamStats | undefined;
  stop(): void;
}

/** Simulated traffic (20 requests/s) with half of it 500s from the start, as `npm run simulate -- --error-burst`. */
export async function startErrorBurst(serverUrl: string, app: string, durationMs = 180_000): Promise<{ resource: SimulatedResource; run: (onStats: (s: StreamStats) => void) => BurstRun }> {
  const resource = await provisionApp(serverUrl, app, providerCredentials({}));
  return {
    resource,
    run(onStats) {
      const stop = new AbortController();
      let last: StreamStats | undefined;
      const done = streamTraffic({
        drain: resource.drain,
        drainToken: resource.drainToken,
        app,
        rps: 20,
        durationMs,
        dynos: 2,
        seed: 7,
        errorBurst: { fromMs: 0, toMs: durationMs, share: 0.5 },
        progressEveryMs: 1000,
        onProgress: (s) => {
          last = { ...s };
          onStats(last);
        },
        signal: stop.signal,
      });
      return { resource, done, stats: () => last, stop: () => stop.abort() };
    },
  };
}

/** Latency figures from the first 500 sent (and from the end of its minute) to a delivery. */
export function latency(firstErrorMs: number, deliveredMs: number): { fromFirstErrorS: number; fromMinuteEndS: number } {
  const minuteEnd = (Math.floor(firstErrorMs / 60_000) + 1) * 60_000;
  return { fromFirstErrorS: Math.round((deliveredMs - firstErrorMs) / 100) / 10, fromMinuteEndS: Math.round((deliveredMs - minuteEnd) / 100) / 10 };
}
