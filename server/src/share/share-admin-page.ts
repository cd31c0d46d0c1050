import { DateTime } from 'luxon';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import { page } from '../http/html-page.js';
import type { Resource } from '../model/resource.js';
import type { Share } from '../model/share.js';
import { EXPIRY_CHOICES, MAX_SHARES, PASSWORD_MAX, PASSWORD_MIN } from './share-form.js';

export interface ShareAdminView {
  resource: Resource;
  csrf: string;
  /** Each link with its full URL (the secret is derived again from the share's id). */
  links: { share: Share; url: string }[];
  nowSeconds: number;
}

function sharesPath(resource: Resource): string {
  return `/dashboard/${encodeURIComponent(resource.id)}/shares`;
}

function expiry(share: Share, view: ShareAdminView): string {
  if (share.expiresAt === null) return 'never expires';
  const when = DateTime.fromSeconds(share.expiresAt, { zone: view.resource.options.timezone }).toFormat("yyyy-MM-dd HH:mm ZZZZ");
  return share.expiresAt <= view.nowSeconds ? `expired ${when}` : `expires ${when}`;
}

function linkRow(view: ShareAdminView, { share, url }: { share: Share; url: string }): SafeHtml {
  return html`<li class="share-link" data-testid="share-link">
<pre class="snippet"><code data-testid="share-url">${url}</code></pre>
<p class="subtle">${share.showPaths ? 'shows the top paths' : 'paths hidden'} · ${share.passwordHash ? 'password protected' : 'no password'} · ${expiry(share, view)}</p>
<form method="post" action="${sharesPath(view.resource)}/${share.id}/revoke">
<input type="hidden" name="csrf" value="${view.csrf}">
<button type="submit" class="button secondary">Revoke this link</button>
</form>
</li>`;
}

/** The owner's page (behind SSO): make, see and revoke the shared links of one add-on. */
export function shareAdminPage(view: ShareAdminView): SafeHtml {
  const { resource } = view;
  return page({
    title: 'Shared links · Vanity',
    body: html`<main class="dashboard">
<p><a href="/dashboard/${encodeURIComponent(resource.id)}">← Back to the dashboard</a></p>
<section class="card">
<h2>Share a read-only view</h2>
<p class="subtle">Anyone with the link sees the totals and the chart, without signing in to Heroku, and nothing else unless you choose so below. Links are secret: revoke one and it stops working at once.</p>
${
  view.links.length >= MAX_SHARES
    ? html`<p class="note">You have ${MAX_SHARES} links, the most an add-on can have. Revoke one to make another.</p>`
    : html`<form method="post" action="${sharesPath(resource)}" class="share-form">
<input type="hidden" name="csrf" value="${view.csrf}">
<p><label><input type="checkbox" name="paths" value="on"> Show the top paths too</label></p>
<p><label for="expires">Expires after</label>
<select id="expires" name="expires">
${Object.entries(EXPIRY_CHOICES).map(([key, choice]) => html`<option value="${key}">${choice.label}</option>`)}
</select></p>
<p><label for="password">Password (optional, ${PASSWORD_MIN}–${PASSWORD_MAX} characters)</label>
<input id="password" name="password" type="password" minlength="${PASSWORD_MIN}" maxlength="${PASSWORD_MAX}" autocomplete="new-password"></p>
<button type="submit" class="button">Create a link</button>
</form>`
}
</section>
<section class="card">
<h2>Your links</h2>
${view.links.length === 0 ? html`<p class="empty">No shared links yet.</p>` : html`<ul class="share-links">${view.links.map((link) => linkRow(view, link))}</ul>`}
</section>
</main>`,
  });
}
