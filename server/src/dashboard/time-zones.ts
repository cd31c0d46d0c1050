const KNOWN_ZONES: readonly string[] = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();

/** Every IANA zone the runtime knows, with `current` included even if it is an alias. */
export function timeZoneNames(current: string): readonly string[] {
  return KNOWN_ZONES.includes(current) ? KNOWN_ZONES : [...KNOWN_ZONES, current].sort();
}
