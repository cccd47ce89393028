// The java.lang / java.util string handling Quartz's parser relies on, reproduced where JavaScript differs.

const INT_MAX = 2_147_483_647;

/** java.util.StringTokenizer(s, " \t"): the non-empty runs between blanks and tabs. */
export function splitBlanks(s: string): string[] {
  return s.split(/[ \t]+/).filter((token) => token !== '');
}

/** java.lang.String.trim(): strips characters <= U+0020 at both ends. */
export function javaTrim(s: string): string {
  let from = 0;
  let to = s.length;
  while (from < to && s.charCodeAt(from) <= 32) from++;
  while (to > from && s.charCodeAt(to - 1) <= 32) to--;
  return s.slice(from, to);
}

/**
 * java.lang.Integer.parseInt for ASCII input: optional sign, digits, 32-bit range.
 * (Java would also accept non-ASCII decimal digits; we do not.)
 */
export function javaParseInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const value = Number(s);
  return value >= -INT_MAX - 1 && value <= INT_MAX ? value : undefined;
}

export function isDigit(c: string): boolean {
  return c >= '0' && c <= '9' && c.length === 1;
}
