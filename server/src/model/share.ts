/**
 * A shareable read-only view of one resource: a secret link that shows its totals and chart
 * without Heroku SSO. The link's secret is derived from the server secret and the share's id
 * (so the owner can see it again); the store keeps only its hash.
 */
export interface Share {
  /** Random uuid; names the share in the owner's dashboard. */
  id: string;
  /** The resource's uuid (`Resource.id`). */
  resourceId: string;
  /** SHA-256 (hex) of the link's secret. */
  tokenHash: string;
  /** Whether the view lists the top paths (off unless the owner chose it). */
  showPaths: boolean;
  /** scrypt hash of the optional password (`scrypt$<salt>$<hash>`), or null for none. */
  passwordHash: string | null;
  /** Unix seconds after which the link is gone; null for never. */
  expiresAt: number | null;
  /** Unix seconds. */
  createdAt: number;
}

export type NewShare = Share;
