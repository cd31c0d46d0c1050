import { DateTime } from 'luxon';

/**
 * Day buckets start at midnight in the resource's time zone. Zones with :30 and :45 offsets
 * (Asia/Kathmandu is +05:45) put midnight inside a UTC hour, so for each (zone, UTC hour) we
 * remember the day start at the hour's start and the next day start, and compare the minute
 * against the latter: luxon runs once per zone and hour, not once per line.
 */

interface HourDays {
  start: number;
  next: number;
}

const MAX_HOURS_PER_ZONE = 10_000;
const byZone = new Map<string, Map<number, HourDays>>();

function localDayStart(seconds: number, zone: string): DateTime {
  const local = DateTime.fromSeconds(seconds, { zone });
  return (local.isValid ? local : DateTime.fromSeconds(seconds, { zone: 'utc' })).startOf('day');
}

function hourDays(hour: number, zone: string): HourDays {
  const start = localDayStart(hour, zone);
  return { start: start.toSeconds(), next: start.plus({ days: 1 }).startOf('day').toSeconds() };
}

/** Start (unix seconds) of the local day in `zone` holding the minute starting at `minute` (unix seconds). */
export function dayBucketOf(minute: number, zone: string): number {
  let hours = byZone.get(zone);
  if (!hours) byZone.set(zone, (hours = new Map()));
  const hour = Math.floor(minute / 3600) * 3600;
  let days = hours.get(hour);
  if (!days) {
    if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
    days = hourDays(hour, zone);
    hours.set(hour, days);
  }
  return minute >= days.next ? days.next : days.start;
}
