/** Only a path on this site: no scheme, host, backslash, whitespace or control characters (never an open redirect). */
export function safeNext(next: string): string {
  if (!/^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/.test(next) || next.startsWith("//")) return "/";
  const url = new URL(next, "http://same.invalid");
  return url.origin === "http://same.invalid" ? url.pathname + url.search : "/";
}
