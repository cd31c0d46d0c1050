import type { AlertsPanel } from '../alerts/manage-rules.js';
import type { MilestoneItem } from '../milestones/milestone-report.js';
import type { ReleaseItem } from '../releases/release-report.js';
import type { CompareKind, RangeCounts, TopReport } from '../query/index.js';
import type { Session } from '../sso/session.js';
import type { Resource } from '../model/resource.js';
import type { RangeKey } from './dashboard-ranges.js';
import type { CredentialsPanel } from './credentials-card.js';

export interface DashboardView {
  resource: Resource;
  session: Session;
  range: RangeKey;
  /** What the figures are compared with (`?compare=`, previous period by default). */
  compare: CompareKind;
  /** The very report `GET /api/counts` returns for the chosen range and zone. */
  counts: RangeCounts;
  topPaths: TopReport;
  topStatuses: TopReport;
  /** Absolute URL of the resource's badge, for the embed snippet. */
  badgeUrl: string;
  alerts: AlertsPanel;
  /** The releases in the chart's range (Heroku's add-on webhooks), drawn as markers. */
  releases: ReleaseItem[];
  /** Every milestone the all-time total reached, lowest first. */
  milestones: MilestoneItem[];
  /** The Credentials card: last rotation, overlap, whether rotating is possible. */
  credentials: CredentialsPanel;
}
