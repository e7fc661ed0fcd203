import { resetConfig } from "../config";
import { decode, encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { openTestKeyring } from "../testing/keyring";
import { attemptSignIn } from "../users/sign-in";
import { createUser } from "../users/users";

/**
 * The real Auth.js route handler, called with https URLs as behind a TLS
 * terminator: the session cookie must be Secure, HttpOnly, SameSite and
 * __Secure- prefixed. (Over plain http the e2e tests check HttpOnly/SameSite.)
 */
const NEW_SECRET = "test-only-new-auth-secret-" + Math.random();
const OLD_SECRET = "test-only-old-auth-secret-" + Math.random();
// Rotating AUTH_SECRET on its own: the new secret first (it signs), the old one still accepted.
process.env.AUTH_SECRET = `${NEW_SECRET}, ${OLD_SECRET}`;
resetConfig();
const { authSecrets, handlers, routeHandlers } = await import("./next-auth");
const SESSION_COOKIE = "__Secure-authjs.session-token";
const PASSWORD = "correct horse battery staple";
const BASE = "https://secrets.example.test";
let issuedCookie = "";

async function sessionVia(handler: (req: NextRequest) => Promise<Response>, cookie: string): Promise<Record<string, unknown> | null> {
  const res = await handler(new NextRequest(`${BASE}/api/auth/session`, { headers: { cookie } }));
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> | null;
}

const tokenCookie = async (secret: string, sid: string) =>
  `${SESSION_COOKIE}=${await encode({ secret, salt: SESSION_COOKIE, token: { sid }, maxAge: 3600 })}`;

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
    const session = cookiesOf(res).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    issuedCookie = session!.split(";")[0]!;
  });

  it("a forged ticket gets no session cookie", async () => {
    const base = "https://secrets.example.test";
    const csrfRes = await handlers.GET(new NextRequest(`${base}/api/auth/csrf`));
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = cookiesOf(csrfRes).find((c) => c.startsWith("__Host-authjs.csrf-token="))!;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await handlers.POST(
        new NextRequest(`${base}/api/auth/callback/ticket`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.split(";")[0]! },
          body: new URLSearchParams({ csrfToken, ticket: "forged", email: "https@example.test", password: PASSWORD }).toString(),
        }),
      );
      expect(cookiesOf(res).some((c) => c.includes("session-token="))).toBe(false);
      // Auth.js's own error log is the error's name: no stack, nothing the request carried.
      const lines = logged.mock.calls.map((args) => args.map(String).join(" "));
      expect(lines).toEqual(["auth: CredentialsSignin"]);
    } finally {
      logged.mockRestore();
    }
  });
});

describe("AUTH_SECRET rotation", () => {
  it("reads a comma-separated list", () => {
    expect(authSecrets(" a, b ,,c ")).toEqual(["a", "b", "c"]);
    expect(authSecrets()).toEqual([NEW_SECRET, OLD_SECRET]);
    expect(authSecrets(" , ")).toBeUndefined();
  });

  it("signs with the first secret and accepts cookies signed with any listed one, not others", async () => {
    const value = issuedCookie.slice(SESSION_COOKIE.length + 1);
    expect(await decode({ secret: NEW_SECRET, salt: SESSION_COOKIE, token: value })).toMatchObject({ sid: expect.any(String) });
    await expect(decode({ secret: OLD_SECRET, salt: SESSION_COOKIE, token: value })).rejects.toThrow();

    const sid = crypto.randomUUID();
    expect(await sessionVia(handlers.GET, await tokenCookie(OLD_SECRET, sid))).toMatchObject({ sid });
    expect(await sessionVia(handlers.GET, await tokenCookie("a secret nobody configured", sid))).toBeNull();
  });
});

describe("the session id stays on the server", () => {
  it("GET /api/auth/session gives page JavaScript the expiry only; server-side auth() still sees the id", async () => {
    expect(issuedCookie).not.toBe("");
    const forServer = await sessionVia(handlers.GET, issuedCookie);
    expect(forServer).toMatchObject({ sid: expect.any(String) });
    const forPage = await sessionVia(routeHandlers.GET, issuedCookie);
    expect(forPage).toEqual({ expires: expect.any(String) });
    expect(JSON.stringify(forPage)).not.toContain(String(forServer!.sid));
    expect(await sessionVia(routeHandlers.GET, "")).toBeNull();
  });

  it("the route file exports the filtered handlers", async () => {
    const route = await import("../../app/api/auth/[...nextauth]/route");
    expect(route.GET).toBe(routeHandlers.GET);
  });
});
