/**
 * The bytes the parser looks for, by name: one list for every file of parse/. Each file copies
 * the ones it uses into module constants (`const { SP, LF } = BYTES;`): V8 folds those into the
 * hot loops, but not imported bindings, which cost 28 % more instructions per router line
 * (callgrind, bench/instructions.ts).
 */
export const BYTES = Object.freeze({
  TAB: 0x09,
  LF: 0x0a,
  CR: 0x0d,
  SP: 0x20,
  QUOTE: 0x22,
  PLUS: 0x2b,
  DASH: 0x2d,
  DOT: 0x2e,
  SLASH: 0x2f,
  ZERO: 0x30,
  ONE: 0x31,
  NINE: 0x39,
  COLON: 0x3a,
  LT: 0x3c,
  EQ: 0x3d,
  GT: 0x3e,
  UPPER_T: 0x54,
  LOWER_T: 0x74,
  UPPER_Z: 0x5a,
  LOWER_Z: 0x7a,
  BACKSLASH: 0x5c,
  // Constant byte sequences as Uint8Arrays (comparing against them beats charCodeAt).
  HOST_SP: Buffer.from('host '),
  HEROKU_SP: Buffer.from('heroku '),
  ROUTER_SP: Buffer.from('router '),
  LOGPLEX_SP: Buffer.from('logplex '),
  ERROR: Buffer.from('error'),
  ID: Buffer.from(':id'),
});
