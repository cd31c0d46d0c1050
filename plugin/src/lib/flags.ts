import { flags } from '@heroku-cli/command';
import { INTERVALS, TOP_DIMENSIONS } from '../contract/input-rules.js';
import { checkTime, checkTimeZone } from './time-params.js';

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
    parse: async (input) => checkTime(input),
  }),
  until: flags.string({
    description: 'end of the range: an ISO 8601 time, a relative time, or now [default: now]',
    parse: async (input) => checkTime(input),
  }),
  tz: flags.string({
    description: "IANA time zone for days and bucket times, like Europe/Berlin [default: the add-on's timezone option]",
    parse: async (input) => checkTimeZone(input),
  }),
  json: flags.boolean({ char: 'j', description: 'output the API response as JSON' }),
};

export const intervalFlag = flags.option({
  description: 'bucket size of the sparkline [default: minute up to 6h, hour up to 7d, else day]',
  options: INTERVALS,
})();

export const topFlags = {
  by: flags.option({ description: 'what to rank requests by', options: TOP_DIMENSIONS, default: 'path' })(),
  limit: flags.integer({ description: 'how many rows to show (1–100)', min: 1, max: 100, default: 10 }),
};
