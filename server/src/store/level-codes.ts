import type { Level } from '../model/levels.js';

/** Levels as stored in the `counts.level` column. */
export const LEVEL_CODES: Record<Level, number> = { minute: 0, hour: 1, day: 2 };
