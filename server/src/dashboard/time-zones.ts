import { TIME_ZONES } from '../contract/input-rules.js';

/**
 * The zones of the picker: the contract's list, whose spelling is what `tz` and the timezone
 * option are canonicalised to. `current` is added only when it is a zone outside that list
 * (`Etc/GMT+5`), never as a second spelling of a listed one.
 */
export function timeZoneNames(current: string): readonly string[] {
  return TIME_ZONES.includes(current) ? TIME_ZONES : [...TIME_ZONES, current].sort();
}
