import type { ErrorRequestHandler } from 'express';
import { html, sendHtml } from './html.js';
import type { HtmlValue, SafeHtml } from './html.js';
import type { Logger } from '../log/logger.js';
import { HttpError, logUnexpected, statusAndMessage } from './json.js';

export const ASSETS_PATH = '/assets';

export interface PageOptions {
  title: string;
  body: HtmlValue;
  /** Scripts under ASSETS_PATH to load (deferred). */
  scripts?: readonly string[];
}

/** The HTML document around every page: our stylesheet, Heroku's header slot, the body. */
export function page({ title, body, scripts = [] }: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="${ASSETS_PATH}/dashboard.css">
${scripts.map((script) => html`<script defer src="${ASSETS_PATH}/${script}"></script>`)}
</head>
<body>
<div id="heroku-header"></div>
${body}
</body>
</html>
`;
}

/** A short page for a refusal or an error: a heading, one sentence, an optional hint. */
export function messagePage(title: string, message: string, hint?: HtmlValue): SafeHtml {
  return page({
    title: `${title} · Vanity`,
    body: html`<main class="message">
<h1>${title}</h1>
<p>${message}</p>
${hint === undefined ? '' : html`<p class="hint">${hint}</p>`}
</main>`,
  });
}

const OPEN_FROM_HEROKU = html`Open Vanity from Heroku: click <strong>Vanity</strong> on your app's Resources tab,
or run <code>heroku addons:open vanity -a &lt;app&gt;</code>.`;

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in through Heroku',
  403: 'Access denied',
  404: 'Not found',
};

/** Renders errors as HTML pages (browsers land here, not API clients). */
export function htmlErrors(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, message } = statusAndMessage(err);
    if (status >= 500) {
      if (!(err instanceof HttpError)) logUnexpected(log, err, req);
      sendHtml(res, status, messagePage('Something went wrong', 'Vanity could not show this page. Please try again.'));
      return;
    }
    const hint = status === 401 || status === 403 ? OPEN_FROM_HEROKU : undefined;
    sendHtml(res, status, messagePage(TITLES[status] ?? 'Error', message, hint));
  };
}
