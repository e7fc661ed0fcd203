import { cli, PASSWORD } from "./helpers";
import { captureAction, expect, replay, test, unique, userRow, type Role } from "./fixtures";

/**
 * The access matrix, tried with crafted requests rather than clicks: every
 * identity against every page (also as RSC/prefetch requests and with the
 * x-middleware-subrequest header that once skipped middleware), and real
 * server action POSTs replayed under each identity. Every test makes its own
 * users and secret (unique names) and closes the browsers it opened.
 */
type Identity = "anonymous" | "member" | "admin" | "owner" | "disabled";
const identities: Identity[] = ["anonymous", "member", "admin", "owner", "disabled"];

const variants: Record<string, Record<string, string>> = {
  plain: {},
  rsc: { RSC: "1" },
  prefetch: { RSC: "1", "Next-Router-Prefetch": "1" },
  "middleware-subrequest": { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  "middleware-subrequest-legacy": { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
};

type Fixtures = Parameters<Parameters<typeof test>[2]>[0];

/** A user of each role, one disabled after signing in (cookie valid, account not), a secret, and a request context for each. */
async function world({ createUser, signedIn, anonymous }: Pick<Fixtures, "createUser" | "signedIn" | "anonymous">) {
  const secret = { name: unique("MATRIX").replace(/-/g, "_").toUpperCase(), value: unique("matrix-value") };
  expect(cli(["create", secret.name, "--description", "access matrix"], secret.value).code).toBe(0);
  const emails = {} as Record<Exclude<Identity, "anonymous">, string>;
  const sessions = new Map<Identity, Awaited<ReturnType<typeof signedIn>>>();
  sessions.set("anonymous", await anonymous());
  for (const [who, role] of [["member", "member"], ["admin", "admin"], ["owner", "owner"], ["disabled", "admin"]] as [Identity, Role][]) {
    emails[who as Exclude<Identity, "anonymous">] = createUser(role, { prefix: who });
    sessions.set(who, await signedIn(emails[who as Exclude<Identity, "anonymous">]));
  }
  expect(cli(["users", "disable", emails.disabled]).code).toBe(0);
  return { secret, emails, sessions };
}

const pages = [
  // `data` is what only the page itself shows (not the layout): a prefetch that stops at the layout must not carry it.
  { path: "/secrets", allowed: ["admin", "owner"], marker: (w: World) => w.secret.name, data: "access matrix" },
  // Only the users list shows the disabled account; nobody sees it in their own nav.
  { path: "/users", allowed: ["owner"], marker: (w: World) => w.emails.disabled, data: "Add a user" },
  { path: "/account", allowed: ["member", "admin", "owner"], marker: () => "Signed in as", data: "Your account" },
] as const;
type World = Awaited<ReturnType<typeof world>>;

for (const { path, allowed, marker: markerOf, data } of pages) {
  test(`GET ${path} in every variant for each identity`, async ({ createUser, signedIn, anonymous }) => {
    const w = await world({ createUser, signedIn, anonymous });
    const marker = markerOf(w);
    for (const [variant, headers] of Object.entries(variants)) {
      for (const who of identities) {
        // RSC requests are first redirected to a cache-busting ?_rsc= URL: follow redirects, judge where they end.
        const response = await w.sessions.get(who)!.request.get(path, { headers });
        const body = await response.text();
        const label = `${who} ${path} ${variant} -> ${response.status()} ${response.url()}`;
        expect(body, label).not.toContain(w.secret.value);
        if ((allowed as readonly string[]).includes(who)) {
          expect(response.status(), label).toBe(200);
          expect(new URL(response.url()).pathname, label).toBe(path);
          // A prefetch of a dynamic page stops at the layout: it need not carry the page's data.
          if (variant !== "prefetch") expect(body, label).toContain(marker);
          continue;
        }
        expect(body, label).not.toContain(marker);
        // HTML gets a real 403; an RSC payload carries the "Not allowed" boundary with status 200.
        const refused =
          response.status() === 403 || new URL(response.url()).pathname === "/sign-in" || ((variant === "rsc" || variant === "prefetch") && body.includes("Not allowed"));
        // A prefetch is judged on what it returns: refused outright, or only the layout, without the page's data.
        const layoutOnly = variant === "prefetch" && response.status() === 200 && !body.includes(data);
        expect(refused || layoutOnly, label).toBe(true);
      }
    }
  });
}

test("an owner-only server action replayed by every other identity changes nothing", async ({ createUser, signedIn, anonymous }) => {
  const w = await world({ createUser, signedIn, anonymous });
  // Creating a user grants access: it needs a sign-in from the last 30 seconds (e2e/env.ts).
  const fresh = await signedIn(w.emails.owner);
  const owner = fresh.page;
  const email = `${unique("replayed")}@example.test`;
  await owner.goto("/users");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Initial password").fill(PASSWORD);
  const create = await captureAction(owner, "/users", () => owner.getByRole("button", { name: "Create user" }).click());

  for (const who of ["anonymous", "member", "admin", "disabled"] as const) {
    await replay(w.sessions.get(who)!.request, create);
    expect(userRow(email), who).toBeUndefined();
  }
  // A foreign Origin is refused even with the owner's own session.
  await replay(fresh.request, create, { origin: "https://evil.example" });
  expect(userRow(email)).toBeUndefined();
  // The same request from the owner works, so the refusals above are real.
  const ok = await replay(fresh.request, create);
  expect(ok.status()).toBe(200);
  expect(userRow(email)?.role).toBe("member");
});

test("the Auth.js credentials callback accepts no password, only a fresh one-time ticket", async ({ createUser, anonymous }) => {
  const owner = createUser("owner");
  const { request } = await anonymous();
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/ticket", {
    form: { csrfToken: csrf.csrfToken, email: owner, password: PASSWORD, ticket: "forged" },
    maxRedirects: 0,
  });
  expect(response.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token=ey");
  expect(await (await request.get("/api/auth/session")).json()).toBeNull();
});

test("the reveal action replayed by anyone but a recently signed-in admin returns no value", async ({ createUser, signedIn, anonymous }) => {
  const w = await world({ createUser, signedIn, anonymous });
  const fresh = await signedIn(w.emails.owner);
  await fresh.page.goto("/secrets");
  const reveal = await captureAction(fresh.page, "/secrets", () => fresh.page.getByRole("button", { name: `Reveal ${w.secret.name}` }).click());
  for (const who of ["anonymous", "member", "disabled"] as const) {
    const body = await (await replay(w.sessions.get(who)!.request, reveal)).text();
    expect(body, who).not.toContain(w.secret.value);
  }
  // The owner's own fresh session gets the value: the refusals above are real.
  expect(await (await replay(fresh.request, reveal)).text()).toContain(w.secret.value);
});

test("an owner-only action on a user id changes nothing when replayed by others", async ({ createUser, signedIn, anonymous }) => {
  const w = await world({ createUser, signedIn, anonymous });
  const target = createUser("member", { prefix: "target" });
  const fresh = await signedIn(w.emails.owner);
  await fresh.page.goto("/users");
  const row = fresh.page.getByTestId(`user-row-${target}`);
  await row.getByLabel(`Role of ${target}`).selectOption("admin");
  const setRole = await captureAction(fresh.page, "/users", () => row.getByRole("button", { name: "Save" }).click());
  for (const who of ["anonymous", "member", "admin", "disabled"] as const) {
    await replay(w.sessions.get(who)!.request, setRole);
    expect(userRow(target)?.role, who).toBe("member");
  }
  await replay(fresh.request, setRole);
  expect(userRow(target)?.role).toBe("admin");
});
