/** A store role with each method run synchronously: in memory, one call is one transaction. */
export type Synchronous<Role> = {
  [K in keyof Role]: Role[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};
