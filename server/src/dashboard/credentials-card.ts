import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import type { Resource } from '../model/resource.js';
import { tokenRefusal } from '../rotation/rotate-credentials.js';
import type { PlatformStore, RotationState } from '../store/platform-store.js';

/** What the Credentials card shows: the last rotation, a running overlap, and whether rotating is possible. */
export interface CredentialsPanel {
  overlapSeconds: number;
  rotationState: RotationState;
  rotationReason: string | null;
  rotatedAt: Date | null;
  /** While the previous keys still work: until when. */
  overlapUntil: Date | null;
  /** Why the button is off (no Platform API token), or null. */
  unavailable: string | null;
  /** After a refused or unconfirmed POST: why nothing happened. */
  error?: string;
}

export async function credentialsPanel(store: PlatformStore, resource: Resource, now: Date, overlapSeconds: number): Promise<CredentialsPanel> {
  const platform = await store.getPlatform(resource.seq);
  const previous = resource.previousKeys;
  return {
    overlapSeconds,
    rotationState: platform?.rotationState ?? 'none',
    rotationReason: platform?.rotationReason ?? null,
    rotatedAt: platform?.rotatedAt ? new Date(platform.rotatedAt * 1000) : null,
    overlapUntil: previous && previous.expiresAt * 1000 > now.getTime() ? new Date(previous.expiresAt * 1000) : null,
    unavailable: tokenRefusal(platform),
  };
}

const utc = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** 7200 → "2 hours", 90 → "2 minutes" (rounded up), as the card words the overlap. */
export function overlapText(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function lastRotation(panel: CredentialsPanel): SafeHtml {
  const at = panel.rotatedAt;
  if (panel.rotationState === 'rolled_back' && at) {
    return html`<p class="form-error" data-testid="rotation-state">The rotation of ${utc(at)} was rolled back; your credentials did not change. Reason: ${panel.rotationReason ?? 'unknown'}</p>`;
  }
  if (panel.overlapUntil && at) {
    return html`<p data-testid="rotation-state">Rotated ${utc(at)}. The previous credentials keep working until ${utc(panel.overlapUntil)}, then only the new ones.</p>`;
  }
  if (panel.rotationState === 'ok' && at) return html`<p class="subtle" data-testid="rotation-state">Last rotated ${utc(at)}.</p>`;
  return html``;
}

export interface CredentialsCardContext {
  resourceId: string;
  csrf: string;
  range: string;
  tz: string;
  panel: CredentialsPanel;
}

/** The owner's rotation: what it does, the last outcome, and a button behind a confirmation box. */
export function credentialsCard({ resourceId, csrf, range, tz, panel }: CredentialsCardContext): SafeHtml {
  const form = panel.unavailable
    ? html`<p class="subtle" data-testid="rotation-unavailable">Rotation is not available: ${panel.unavailable}.</p>`
    : html`<form method="post" action="/dashboard/${resourceId}/credentials/rotate" data-testid="rotate-form">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="range" value="${range}">
<input type="hidden" name="tz" value="${tz}">
<label><input type="checkbox" name="confirm" value="yes" required> I understand: my app gets a new <code>VANITY_URL</code> and restarts onto it</label>
<button type="submit" class="button secondary">Rotate credentials</button>
</form>`;
  return html`<section class="card credentials-card" id="credentials">
<h2>Credentials</h2>
<p class="subtle">Your app reaches Vanity with the key in its <code>VANITY_URL</code> config var, and Heroku's log router with the key in the log drain. If one may have leaked, rotate them: Vanity makes new keys, sets the new <code>VANITY_URL</code> on your app (Heroku restarts it) and updates the drain. The old keys keep working for ${overlapText(panel.overlapSeconds)}, so no request and no log line is lost meanwhile.</p>
${panel.error ? html`<p class="form-error" role="alert" data-testid="rotation-error">${panel.error}</p>` : ''}
${lastRotation(panel)}
${form}
</section>`;
}
