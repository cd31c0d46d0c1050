import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { autoSubmitPage, signedSsoFields } from './sso-form.js';

const USAGE = 'usage: npm run sso -- <resource uuid> [--email you@example.com] [--app myapp]';

/**
 * Local development: writes the page Heroku would show to sign a user on to a resource's
 * dashboard, signed with this environment's VANITY_SSO_SALT, and prints where it is.
 */
function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string', default: 'developer@example.com' }, app: { type: 'string', default: 'my-app' } },
  });
  const resourceId = positionals[0];
  if (!resourceId) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const fields = signedSsoFields({
    resourceId,
    salt: config.ssoSalt,
    nowSeconds: Math.floor(Date.now() / 1000),
    email: values.email,
    app: values.app,
  });
  const file = join(tmpdir(), `vanity-sso-${resourceId}.html`);
  writeFileSync(file, autoSubmitPage(`${config.baseUrl}/sso/login`, fields).markup, { mode: 0o600 });
  console.log(`Open this file in a browser within 5 minutes to sign on to ${config.baseUrl}/dashboard/${resourceId}:`);
  console.log(pathToFileURL(file).href);
}

main();
