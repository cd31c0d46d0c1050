import { drainTarget } from './drain-target.js';
import type { FuzzTarget } from './fuzz-targets.js';

/** Every fuzz target by name (`npm run fuzz -- --target <name>`). */
export const FUZZ_TARGETS: ReadonlyMap<string, FuzzTarget> = new Map([[drainTarget.name, drainTarget]]);
