import { resetConfig } from "../config";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { openTestKeyring } from "../testing/keyring";
import { attemptSignIn } from "../users/sign-in";
import { createUser } from "../users/users";

/**
 * The real Auth.js route handler, called with https URLs as behind a TLS
 * terminator: the session cookie must be Secure, HttpOnly, SameSite and
 * __Secure- prefixed. (Over plain http the e2e tests check HttpOnly/SameSite.)
 */
process.env.AUTH_SECRET = "test-only-auth-secret-generated-per-run-" + Math.random();
resetConfig();
const { handlers } = await import("./next-auth");
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  await openTestKeyring();
  await createUser({ id: "test" }, { email: "https@example.test", role: "member", password: PASSWORD });
});

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie();
}

describe("session cookie over https", () => {
  it("is __Secure-, Secure, HttpOnly and SameSite=Lax", async () => {
    const base = "https://secrets.example.test";
    const csrfRes = await handlers.GET(new NextRequest(`${base}/api/auth/csrf`));
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = cookiesOf(csrfRes).find((c) => c.startsWith("__Host-authjs.csrf-token="))!;
    expect(csrfCookie).toMatch(/; Secure/i);

    const signedIn = await attemptSignIn({ email: "https@example.test", password: PASSWORD }, { ip: "192.0.2.1" });
    expect(signedIn.ok).toBe(true);
    const res = await handlers.POST(
      new NextRequest(`${base}/api/auth/callback/ticket`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.split(";")[0]! },
        body: new URLSearchParams({ csrfToken, ticket: (signedIn as { ticket: string }).ticket }).toString(),
      }),
    );
    const session = cookiesOf(res).find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
  });

  it("a forged ticket gets no session cookie", async () => {
    const base = "https://secrets.example.test";
    const csrfRes = await handlers.GET(new NextRequest(`${base}/api/auth/csrf`));
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = cookiesOf(csrfRes).find((c) => c.startsWith("__Host-authjs.csrf-token="))!;
    const res = await handlers.POST(
      new NextRequest(`${base}/api/auth/callback/ticket`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.split(";")[0]! },
        body: new URLSearchParams({ csrfToken, ticket: "forged", email: "https@example.test", password: PASSWORD }).toString(),
      }),
    );
    expect(cookiesOf(res).some((c) => c.includes("session-token="))).toBe(false);
  });
});
