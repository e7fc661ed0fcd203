/**
 * Which secrets a token may use: glob patterns over secret names, where `*`
 * stands for any run of characters (none included) and everything else is
 * literal; letter case never matters (secret names are unique regardless of
 * case). No patterns: every secret.
 *
 * Matched by the classic greedy wildcard walk rather than a RegExp: a
 * pattern like `*a*a*a*…b` becomes a backtracking regex whose time grows
 * as a power of the name's length; this walk is at most len(name) ×
 * len(pattern) steps, whatever the pattern.
 */
export function globMatch(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1; // position of the last `*` seen in the pattern
  let mark = 0; // where in the name that `*` started matching
  while (si < s.length) {
    if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = si;
    } else if (pi < p.length && p[pi] === s[si]) {
      pi++;
      si++;
    } else if (star !== -1) {
      // Let the last `*` swallow one more character and retry from there.
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

/** True when the name matches one of the patterns, or there are none (every secret). */
export function matchesAny(patterns: readonly string[], secretName: string): boolean {
  return patterns.length === 0 || patterns.some((p) => globMatch(p, secretName));
}

/** How the patterns read to a person: "every secret", or "STRIPE_*, PAYPAL_*". */
export const describePatterns = (patterns: readonly string[]) => (patterns.length ? patterns.join(", ") : "every secret");
