import type { Interfaces } from '@oclif/core';

/**
 * `@heroku-cli/command` declares `parse()` as returning `Promise<any>`; this gives the parsed
 * flags back the types oclif infers from a command's static `flags`.
 */
export type ParsedFlags<T extends { flags: Interfaces.FlagInput }> = { flags: Interfaces.InferredFlags<T['flags']> };
