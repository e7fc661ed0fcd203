import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import type { NextRequest } from "next/server";
import { config } from "../config";
import type { Provider } from "next-auth/providers";
import { redeemTicket } from "../users/sign-in";
import { sessionHours } from "../users/sessions";
import { ssoAccount, ssoConfig, ssoSession } from "./sso";

/**
 * Auth.js: the session cookie is an encrypted JWT carrying only a session id
 * (`sid`). Whether that session is still valid, and who it belongs to, is
 * decided by lib/auth/dal.ts against the database on every request.
 */
declare module "next-auth" {
  interface Session {
    sid?: string;
    user?: DefaultSession["user"];
  }
  interface User {
    sid?: string;
  }
}

const sso = ssoConfig();
const providers: Provider[] = [
  Credentials({
    id: "ticket",
    credentials: { ticket: {} },
    async authorize(credentials, request) {
      const meta = { ip: request.headers.get("x-secrets-client-ip"), userAgent: request.headers.get("user-agent") };
      const redeemed = await redeemTicket(String(credentials?.ticket ?? ""), meta);
      return redeemed ? { id: redeemed.userId, sid: redeemed.sessionId } : null;
    },
  }),
];
if (sso) {
  providers.push({
    id: "oidc",
    name: sso.name,
    type: "oidc",
    issuer: sso.issuer,
    clientId: sso.clientId,
    clientSecret: sso.clientSecret,
    checks: ["pkce", "state", "nonce"],
  });
}

async function requestMeta() {
  const h = await headers();
  return { ip: h.get("x-secrets-client-ip"), userAgent: h.get("user-agent") };
}

/**
 * AUTH_SECRET may list several secrets, comma-separated: the first signs new
 * session cookies, every one still opens existing ones, so the secret can be
 * rotated on its own (put the new one first, drop the old one after
 * SECRETS_SESSION_HOURS). Unset, bootstrap derives one from the root key.
 */
export function authSecrets(value = config().authSecret): string[] | undefined {
  const list = value?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  return list.length ? list : undefined;
}

export const ssoEnabled = sso !== null;
export const ssoName = sso?.name ?? "";

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: authSecrets(),
  session: { strategy: "jwt", maxAge: sessionHours() * 3600 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // Auth.js logs errors with their stacks; a refused sign-in is routine and audited already. Name only.
  logger: {
    error: (error) => console.error(`auth: ${error.name}`),
    warn: (code) => console.warn(`auth warning: ${code}`),
    debug: () => {},
  },
  providers,
  callbacks: {
    /** Single sign-on: only identities that map to an enabled account (see lib/auth/sso.ts). */
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      return (await ssoAccount(profile, (await requestMeta()).ip)) ? true : "/sign-in?error=sso";
    },
    async jwt({ token, user, account, profile }) {
      if (user?.sid) token.sid = user.sid;
      if (account?.provider === "oidc") token.sid = await ssoSession(profile, await requestMeta());
      return token;
    },
    session({ session, token }) {
      return { expires: session.expires, sid: typeof token.sid === "string" ? token.sid : undefined };
    },
  },
});

/**
 * The route handlers, except that GET /api/auth/session (what page
 * JavaScript can fetch) leaves out the session id: it stays inside the
 * HttpOnly cookie and server-side auth(), where lib/auth/dal.ts reads it.
 */
export const routeHandlers = {
  POST: handlers.POST,
  async GET(request: NextRequest): Promise<Response> {
    const response = await handlers.GET(request);
    if (!request.nextUrl.pathname.endsWith("/session") || !response.ok) return response;
    const session = (await response.json()) as { expires?: string } | null;
    const headersOut = new Headers(response.headers);
    headersOut.delete("content-length");
    return new Response(JSON.stringify(session ? { expires: session.expires } : null), { status: response.status, headers: headersOut });
  },
};
