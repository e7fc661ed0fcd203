const ORIGIN = "https://same-site.invalid";
/** Raw input that no honest link contains: backslashes, whitespace, controls (the URL parser would silently rewrite them). */
const SUSPICIOUS = /[\\\s\p{Cc}\p{Cf}]/u;

/**
 * A path on this site to send the browser to after sign-in or /reauth, or "/".
 * The target is normalised with the URL parser first (dot segments, %2e,
 * tabs…) and checked afterwards, because the browser sees the normalised
 * form: "/a/..//evil.example" is "//evil.example" once resolved.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2048 || SUSPICIOUS.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== ORIGIN) return "/";
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//") || SUSPICIOUS.test(path)) return "/";
  // Normalising again must change nothing: what we checked is what the browser follows.
  const again = new URL(path, ORIGIN);
  if (again.origin !== ORIGIN || again.pathname + again.search + again.hash !== path) return "/";
  return path;
}
