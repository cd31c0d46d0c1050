import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './address-guard.js';
import type { AddressPolicy } from './address-guard.js';

export const SIGNATURE_HEADER = 'Vanity-Signature';
const TIMEOUT_MS = 10_000;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe-style: the receiver recomputes
 * it with the rule's webhook secret, compares in constant time and rejects old timestamps.
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * POSTs the JSON body; resolves on a 2xx. Redirects are not followed (a 3xx is a failure): the
 * target was checked, the place it redirects to was not. Every resolved address goes through the
 * SSRF guard as the connection is made.
 */
export function postWebhook(url: string, body: string, secret: string, policy: AddressPolicy, nowSeconds: number): Promise<void> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        lookup: guardedLookup(policy),
        timeout: TIMEOUT_MS,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'Vanity-Alerts/1',
          [SIGNATURE_HEADER]: signatureHeader(secret, body, nowSeconds),
        },
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`webhook answered ${status}`));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`webhook gave no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}
