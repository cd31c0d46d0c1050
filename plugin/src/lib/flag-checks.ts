import type { Checked } from '../contract/input-rules.js';

/**
 * A flag's `parse` from one of the contract's rules (the server's own), so that a value fails
 * here exactly when the server would refuse it, before any request. oclif shows the error as
 * "Parsing --<flag>" followed by the message.
 */
export function flagCheck<T>(check: (value: string) => Checked<T>): (input: string) => Promise<T> {
  return async (input) => {
    const checked = check(input);
    if (checked.ok) return checked.value;
    const got = checked.problem.includes(JSON.stringify(input)) ? '' : ` (got ${JSON.stringify(input)})`;
    throw new Error(`${checked.problem[0]!.toUpperCase()}${checked.problem.slice(1)}${got}`);
  };
}
