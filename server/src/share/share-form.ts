import { HttpError } from '../http/json.js';

/** How long a new link lives: the dashboard's choices. */
export const EXPIRY_CHOICES = {
  never: { label: 'Never', seconds: null },
  '1d': { label: '1 day', seconds: 86_400 },
  '7d': { label: '7 days', seconds: 7 * 86_400 },
  '30d': { label: '30 days', seconds: 30 * 86_400 },
  '90d': { label: '90 days', seconds: 90 * 86_400 },
} as const;
export type ExpiryChoice = keyof typeof EXPIRY_CHOICES;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
/** Live links per add-on. */
export const MAX_SHARES = 20;

export interface ShareRequest {
  showPaths: boolean;
  /** Seconds from now; null for never. */
  expiresIn: number | null;
  password: string | null;
}

/** The owner's "create a link" form; a bad field is a 400 naming it. */
export function parseShareForm(form: Record<string, string | undefined>): ShareRequest {
  const paths = form.paths ?? '';
  if (paths !== '' && paths !== 'on' && paths !== 'true') throw new HttpError(400, 'paths: expected on or nothing');
  const expires = form.expires || 'never';
  if (!Object.hasOwn(EXPIRY_CHOICES, expires)) {
    throw new HttpError(400, `expires: expected one of ${Object.keys(EXPIRY_CHOICES).join(', ')}`);
  }
  const password = form.password ?? '';
  if (password !== '' && (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)) {
    throw new HttpError(400, `password: use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters, or leave it empty for a link without one`);
  }
  return { showPaths: paths !== '', expiresIn: EXPIRY_CHOICES[expires as ExpiryChoice].seconds, password: password || null };
}
