/** Joins class names, skipping falsy ones. Later classes win only by CSS order, so callers add, not override, conflicting utilities. */
export function cn(...classes: Array<string | false | null | undefined | 0>): string {
  return classes.filter(Boolean).join(" ");
}
