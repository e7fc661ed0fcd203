import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redeemTicket } from "./sign-in";
import { sessionHours } from "./sessions";

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

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: sessionHours() * 3600 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      id: "ticket",
      credentials: { ticket: {} },
      async authorize(credentials, request) {
        const meta = { ip: request.headers.get("x-secrets-client-ip"), userAgent: request.headers.get("user-agent") };
        const redeemed = await redeemTicket(String(credentials?.ticket ?? ""), meta);
        return redeemed ? { id: redeemed.userId, sid: redeemed.sessionId } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sid) token.sid = user.sid;
      return token;
    },
    session({ session, token }) {
      return { expires: session.expires, sid: typeof token.sid === "string" ? token.sid : undefined };
    },
  },
});
