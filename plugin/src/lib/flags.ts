import { flags } from './heroku-command.js';
import { checkLimit, checkTime, checkTimeZone, COMPARE_KINDS, DEFAULT_LIMIT, DEFAULT_TOP_DIMENSION, INTERVALS, MAX_LIMIT, TOP_DIMENSIONS } from '../contract/input-rules.js';
import { flagCheck } from './flag-checks.js';

/** The time as typed: the server reads it (the time zone decides what it means). */
export const checkTimeFlag = flagCheck((value) => {
  const checked = checkTime(value);
  return checked.ok ? { ok: true, value } : checked;
});

/** Flags every vanity command takes: which app (and which Vanity add-on on it). */
export const targetFlags = {
  app: flags.app(),
  remote: flags.remote(),
  addon: flags.string({
    description: 'name of the Vanity add-on to read, when the app has more than one',
  }),
};

export const rangeFlags = {
  since: flags.string({
    description: 'start of the range: an ISO 8601 time or a relative time like 90m, 24h, 7d, 4w [default: 24h]',
    parse: checkTimeFlag,
  }),
  until: flags.string({
    description: 'end of the range: an ISO 8601 time, a relative time, or now [default: now]',
    parse: checkTimeFlag,
  }),
  tz: flags.string({
    description: "IANA time zone for days and bucket times, like Europe/Berlin [default: the add-on's timezone option]",
    parse: flagCheck(checkTimeZone),
  }),
  json: flags.boolean({ char: 'j', description: 'output the API response as JSON' }),
};

export const intervalFlag = flags.option({
  description: 'bucket size of the sparkline [default: minute up to 6h, hour up to 7d, else day]',
  options: INTERVALS,
})();

export const topFlags = {
  by: flags.option({ description: 'what to rank requests by', options: TOP_DIMENSIONS, default: DEFAULT_TOP_DIMENSION })(),
  limit: flags.custom<number>({ description: `how many rows to show (1–${MAX_LIMIT})`, parse: flagCheck(checkLimit), default: DEFAULT_LIMIT })(),
};

export const compareFlag = flags.option({
  description: 'also show the period just before (previous), or one week or one year earlier, and the change in percent',
  options: COMPARE_KINDS,
})();
