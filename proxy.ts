import { NextResponse, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/next-auth";
import { config as settings } from "@/lib/config";

/**
 * Runs before every page and server action (not static files or Auth.js's
 * own routes):
 * - optimistic redirects only: anonymous visitors to app pages go to
 *   sign-in. The real checks are in lib/auth/dal.ts and
 *   lib/actions/define-action.ts, so a request that skips this file is
 *   refused all the same;
 * - a Content-Security-Policy with a fresh script nonce per request. Next.js
 *   reads the nonce from the request's CSP header and puts it on its own
 *   scripts ('strict-dynamic' lets those load the rest);
 * - HSTS when the site is served over https.
 * Oversized or chunked server action bodies are refused earlier, by the
 * custom server (lib/server/serve.ts), before Next reads them.
 */
const PROTECTED = ["/account", "/users", "/secrets", "/trash", "/tokens", "/audit"];

export default auth((req) => {
  const https = isHttps(req);
  const path = req.nextUrl.pathname;
  if (!req.auth?.sid && PROTECTED.some((p) => path === p || path.startsWith(`${p}/`))) {
    return withHeaders(NextResponse.redirect(new URL("/sign-in", req.nextUrl)), null, https);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, https);
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, https);
});

function contentSecurityPolicy(nonce: string | null, https: boolean): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}` : "script-src 'none'",
    // Radix positions and locks scrolling with inline style attributes, which cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The request's own protocol; a proxy's X-Forwarded-Proto only when SECRETS_TRUST_PROXY says it is ours. */
function isHttps(req: NextRequest): boolean {
  if (settings().trustProxy) {
    const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (forwarded) return forwarded === "https";
  }
  return req.nextUrl.protocol === "https:";
}

function withHeaders(response: NextResponse, csp: string | null, https: boolean): NextResponse {
  response.headers.set("Content-Security-Policy", csp ?? contentSecurityPolicy(null, https));
  // HSTS is set for every response by the custom server (lib/server/serve.ts), the one place that knows about TLS.
  return response;
}

export const config = { matcher: ["/((?!api/auth|_next/static|_next/image|icon.svg).*)"] };
