/** Retention per plan, in seconds; `null` keeps that level forever. */
export interface Retention {
  minute: number;
  hour: number;
  day: number | null;
}

export interface Plan {
  name: string;
  description: string;
  retention: Retention;
  /** Alert rules an add-on may have. */
  alertRules: number;
  /** What Heroku bills the user per month, in US cents (billed to the second): the revenue estimate's price. */
  priceCentsPerMonth: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

const hobbyRetention: Retention = { minute: 48 * HOUR, hour: 30 * DAY, day: null };

export const PLANS = {
  test: { name: 'test', description: "Heroku's alpha plan, as hobby", retention: hobbyRetention, alertRules: 2, priceCentsPerMonth: 0 },
  hobby: { name: 'hobby', description: 'Free', retention: hobbyRetention, alertRules: 2, priceCentsPerMonth: 0 },
  pro: { name: 'pro', description: 'Paid', retention: { minute: 14 * DAY, hour: 365 * DAY, day: null }, alertRules: 20, priceCentsPerMonth: 2900 },
} as const satisfies Record<string, Plan>;

export type PlanName = keyof typeof PLANS;

export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];

export function isPlanName(value: unknown): value is PlanName {
  return typeof value === 'string' && Object.hasOwn(PLANS, value);
}

export function retentionOf(plan: PlanName): Retention {
  return PLANS[plan].retention;
}
