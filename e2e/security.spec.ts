import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { cli, PASSWORD, signIn } from "./helpers";

/**
 * The access matrix, tried with crafted requests rather than clicks: every
 * identity against every page (also as RSC/prefetch requests and with the
 * x-middleware-subrequest header that once skipped middleware), and a real
 * server action POST replayed under each identity. Runs after auth.spec.ts
 * on the same installation.
 */
test.describe.configure({ mode: "serial" });

const OWNER = "owner@example.test";
const SECRET_NAME = "MATRIX_SECRET_NAME";
const SECRET_VALUE = "matrix-secret-value-4f1d";
const DISABLED = "disabled@example.test";

type Identity = "anonymous" | "member" | "admin" | "owner" | "disabled";
const identities: Identity[] = ["anonymous", "member", "admin", "owner", "disabled"];
const emails: Record<Exclude<Identity, "anonymous">, string> = {
  member: "member@example.test",
  admin: "admin@example.test",
  owner: OWNER,
  disabled: DISABLED,
};

const pages: { path: string; marker: string; allowed: Identity[] }[] = [
  { path: "/secrets", marker: SECRET_NAME, allowed: ["admin", "owner"] },
  // Only the users list shows the disabled account; nobody sees it in their own nav.
  { path: "/users", marker: DISABLED, allowed: ["owner"] },
  { path: "/account", marker: "Signed in as", allowed: ["member", "admin", "owner"] },
];

const variants: Record<string, Record<string, string>> = {
  plain: {},
  rsc: { RSC: "1" },
  prefetch: { RSC: "1", "Next-Router-Prefetch": "1" },
  "middleware-subrequest": { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  "middleware-subrequest-legacy": { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
};

const requests = new Map<Identity, APIRequestContext>();
const pagesByIdentity = new Map<Identity, Page>();

async function contextFor(browser: Browser, who: Identity) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (who !== "anonymous") await signIn(page, emails[who]);
  pagesByIdentity.set(who, page);
  requests.set(who, context.request);
}

test.beforeAll(async ({ browser }) => {
  expect(cli(["create", SECRET_NAME, "--description", "access matrix"], SECRET_VALUE).code).toBe(0);
  expect(cli(["users", "create", "--email", DISABLED, "--role", "admin"], PASSWORD).code).toBe(0);
  for (const who of identities) await contextFor(browser, who);
  // Disabled after signing in: the cookie stays valid, the account does not.
  expect(cli(["users", "disable", DISABLED]).code).toBe(0);
});

for (const { path, marker, allowed } of pages) {
  for (const [variant, headers] of Object.entries(variants)) {
    test(`GET ${path} (${variant}) for each identity`, async () => {
      for (const who of identities) {
        // RSC requests are first redirected to a cache-busting ?_rsc= URL: follow redirects, judge where they end.
        const response = await requests.get(who)!.get(path, { headers });
        const body = await response.text();
        const label = `${who} ${path} ${variant} -> ${response.status()} ${response.url()}`;
        expect(body, label).not.toContain(SECRET_VALUE);
        if (allowed.includes(who)) {
          expect(response.status(), label).toBe(200);
          expect(new URL(response.url()).pathname, label).toBe(path);
          // A prefetch of a dynamic page stops at the layout: it need not carry the page's data.
          if (variant !== "prefetch") expect(body, label).toContain(marker);
        } else {
          // An RSC payload carries the "Not allowed" boundary with status 200; HTML gets a real 403.
          const refused =
            response.status() === 403 ||
            new URL(response.url()).pathname === "/sign-in" ||
            (variant === "rsc" && body.includes("Not allowed")) ||
            variant === "prefetch";
          expect(refused, label).toBe(true);
          expect(body, label).not.toContain(marker);
        }
      }
    });
  }
}

test("an owner-only server action replayed by every other identity changes nothing", async () => {
  const ownerPage = pagesByIdentity.get("owner")!;
  await ownerPage.goto("/users");
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await ownerPage.route("**/users", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  await ownerPage.getByLabel("Email").fill("replayed@example.test");
  await ownerPage.getByLabel("Initial password").fill(PASSWORD);
  await ownerPage.getByRole("button", { name: "Create user" }).click();
  await expect.poll(() => captured).toBeDefined();
  await ownerPage.unroute("**/users");
  const { cookie: _drop, ...headers } = captured!.headers;
  expect(headers["next-action"]).toBeTruthy();

  const exists = () => cli(["users", "list", "--json"]).stdout.includes("replayed@example.test");
  for (const who of ["anonymous", "member", "admin", "disabled"] as const) {
    await requests.get(who)!.post("/users", { headers, data: captured!.body, maxRedirects: 0 });
    expect(exists(), who).toBe(false);
  }
  // A foreign Origin is refused even with the owner's own session.
  await requests.get("owner")!.post("/users", { headers: { ...headers, origin: "https://evil.example" }, data: captured!.body, maxRedirects: 0 });
  expect(exists()).toBe(false);
  // The same request from the owner works, so the refusals above are real.
  const ok = await requests.get("owner")!.post("/users", { headers, data: captured!.body, maxRedirects: 0 });
  expect(ok.status()).toBe(200);
  expect(exists()).toBe(true);
});

test("the Auth.js credentials callback accepts no password, only a fresh one-time ticket", async ({ request }) => {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/ticket", {
    form: { csrfToken: csrf.csrfToken, email: OWNER, password: PASSWORD, ticket: "forged" },
    maxRedirects: 0,
  });
  expect(response.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token=ey");
  const session = await (await request.get("/api/auth/session")).json();
  expect(session).toBeNull();
});

/** Captures the server action POST a click makes (aborting it, so it never runs) to replay it later. */
async function captureAction(page: Page, path: string, trigger: () => Promise<void>) {
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(`**${path}`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  await trigger();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute(`**${path}`);
  const { cookie: _drop, ...headers } = captured!.headers;
  return { path, headers, body: captured!.body };
}

type Captured = Awaited<ReturnType<typeof captureAction>>;
const replay = (who: Identity, c: Captured) => requests.get(who)!.post(c.path, { headers: c.headers, data: c.body, maxRedirects: 0 });
const roleOf = (email: string) =>
  (JSON.parse(cli(["users", "list", "--json"]).stdout) as { users: { email: string; role: string }[] }).users.find((u) => u.email === email)!.role;

test("the reveal action replayed by anyone but a recently signed-in admin returns no value", async ({ browser }) => {
  const fresh = await (await browser.newContext()).newPage();
  await signIn(fresh, OWNER);
  await fresh.goto("/secrets");
  const reveal = await captureAction(fresh, "/secrets", () => fresh.getByRole("button", { name: `Reveal ${SECRET_NAME}` }).click());
  for (const who of ["anonymous", "member", "disabled"] as const) {
    const body = await (await replay(who, reveal)).text();
    expect(body, who).not.toContain(SECRET_VALUE);
  }
  // The owner's own fresh session gets the value: the refusals above are real.
  const ok = await fresh.context().request.post("/secrets", { headers: reveal.headers, data: reveal.body });
  expect(await ok.text()).toContain(SECRET_VALUE);
});

test("an owner-only action bound to a user id changes nothing when replayed by others", async () => {
  const ownerPage = pagesByIdentity.get("owner")!;
  await ownerPage.goto("/users");
  const row = ownerPage.getByTestId("user-row-member@example.test");
  await row.getByLabel("Role of member@example.test").selectOption("admin");
  const setRole = await captureAction(ownerPage, "/users", () => row.getByRole("button", { name: "Save" }).click());
  for (const who of ["anonymous", "member", "admin", "disabled"] as const) {
    await replay(who, setRole);
    expect(roleOf("member@example.test"), who).toBe("member");
  }
  await replay("owner", setRole);
  expect(roleOf("member@example.test")).toBe("admin");
  expect(cli(["users", "set-role", "member@example.test", "member"]).code).toBe(0);
});
