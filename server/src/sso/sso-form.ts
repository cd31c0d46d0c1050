import { randomUUID } from 'node:crypto';
import { html } from '../http/html.js';
import type { SafeHtml } from '../http/html.js';
import { resourceToken, userScopedResourceToken } from './sso-tokens.js';

export interface SsoFormInput {
  resourceId: string;
  salt: string;
  nowSeconds: number;
  email: string;
  app: string;
  userId?: string;
}

/** The fields Heroku posts to `sso_url` for a user opening the add-on, signed with `salt`. */
export function signedSsoFields({ resourceId, salt, nowSeconds, email, app, userId = randomUUID() }: SsoFormInput): Record<string, string> {
  const timestamp = String(nowSeconds);
  return {
    resource_id: resourceId,
    id: resourceId,
    timestamp,
    resource_token: resourceToken(resourceId, salt, timestamp),
    token: resourceToken(resourceId, salt, timestamp),
    user_scoped_resource_token: userScopedResourceToken(resourceId, salt, timestamp, userId, email),
    user_id: userId,
    email,
    app,
    context_app: app,
    'nav-data': Buffer.from(JSON.stringify({ addon: 'Vanity', appname: app })).toString('base64url'),
  };
}

/** An HTML page that posts the fields to `action` at once, as Heroku's own SSO page does. */
export function autoSubmitPage(action: string, fields: Record<string, string>): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Opening Vanity…</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${action}">
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<noscript><button type="submit">Open the Vanity dashboard</button></noscript>
</form>
</body></html>
`;
}
