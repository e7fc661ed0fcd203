import { cli, PASSWORD } from "./helpers";
import type { Page } from "@playwright/test";
import { captureAction, captureActionAt, expect, replay, test, unique, userRow, type Captured, type Role } from "./fixtures";

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

const secretName = (prefix: string) => unique(prefix).replace(/-/g, "_").toUpperCase();
const secretId = (name: string) =>
  (JSON.parse(cli(["list", "--json"]).stdout) as { secrets: { id: string; name: string }[] }).secrets.find((s) => s.name === name)!.id;
const inTrash = (name: string) => cli(["trash", "--json"]).stdout.includes(`"${name}"`);

/** A user of each role, one disabled after signing in (cookie valid, account not), a secret (and one in the trash), and a request context for each. */
async function world({ createUser, signedIn, anonymous }: Pick<Fixtures, "createUser" | "signedIn" | "anonymous">) {
  const emails = {} as Record<Exclude<Identity, "anonymous">, string>;
  const sessions = new Map<Identity, Awaited<ReturnType<typeof signedIn>>>();
  sessions.set("anonymous", await anonymous());
  const roles = [["member", "member"], ["admin", "admin"], ["owner", "owner"], ["disabled", "admin"]] as [Exclude<Identity, "anonymous">, Role][];
  // Every account first: on a fresh install sign-in waits for an owner.
  for (const [who, role] of roles) emails[who] = createUser(role, { prefix: who });
  for (const [who] of roles) sessions.set(who, await signedIn(emails[who]));
  expect(cli(["users", "disable", emails.disabled]).code).toBe(0);
  // After the users: secrets need an owner to exist (run alone, this spec makes the first one).
  const secret = { name: secretName("MATRIX"), value: unique("matrix-value"), id: "" };
  expect(cli(["create", secret.name, "--description", "access matrix"], secret.value).code).toBe(0);
  secret.id = secretId(secret.name);
  const trashed = { name: secretName("MATRIX_TRASHED"), value: unique("trashed-value") };
  expect(cli(["create", trashed.name], trashed.value).code).toBe(0);
  expect(cli(["delete", trashed.name]).code).toBe(0);
  return { secret, trashed, emails, sessions };
}

const pages = [
  // `data` is what only the page itself shows (not the layout): a prefetch that stops at the layout must not carry it.
  { path: "/secrets", allowed: ["admin", "owner"], marker: (w: World) => w.secret.name, data: "access matrix" },
  { path: "/secrets/[id]", allowed: ["admin", "owner"], marker: (w: World) => w.secret.name, data: "Who reads it" },
  { path: "/trash", allowed: ["admin", "owner"], marker: (w: World) => w.trashed.name, data: "Deleted secrets stay here" },
  { path: "/audit", allowed: ["admin", "owner"], marker: () => "Every change, reveal, copy and read", data: "Every change, reveal, copy and read" },
  // Only the users list shows the disabled account; nobody sees it in their own nav.
  { path: "/users", allowed: ["owner"], marker: (w: World) => w.emails.disabled, data: "Add a user" },
  { path: "/account", allowed: ["member", "admin", "owner"], marker: () => "Signed in as", data: "Your account" },
] as const;
type World = Awaited<ReturnType<typeof world>>;

for (const { path: route, allowed, marker: markerOf, data } of pages) {
  test(`GET ${route} in every variant for each identity`, async ({ createUser, signedIn, anonymous }) => {
    const w = await world({ createUser, signedIn, anonymous });
    const marker = markerOf(w);
    const path = route.replace("[id]", w.secret.id);
    for (const [variant, headers] of Object.entries(variants)) {
      for (const who of identities) {
        // RSC requests are first redirected to a cache-busting ?_rsc= URL: follow redirects, judge where they end.
        const response = await w.sessions.get(who)!.request.get(path, { headers });
        const body = await response.text();
        const label = `${who} ${path} ${variant} -> ${response.status()} ${response.url()}`;
        expect(body, label).not.toContain(w.secret.value);
        expect(body, label).not.toContain(w.trashed.value);
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
  // Searched, so the row is on the first page however many secrets other tests left.
  await fresh.page.goto(`/secrets?q=${w.secret.name}`);
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

test("every other owner action on a user (disable, enable, sign out, reset 2FA), replayed by others, changes nothing", async ({ createUser, signedIn, anonymous }) => {
  const w = await world({ createUser, signedIn, anonymous });
  const target = createUser("member", { prefix: "target" });
  const sleeper = createUser("member", { prefix: "sleeper" });
  expect(cli(["users", "disable", sleeper]).code).toBe(0);
  const fresh = await signedIn(w.emails.owner);
  await fresh.page.goto("/users");
  await fresh.page.waitForLoadState("networkidle");
  const row = fresh.page.getByTestId(`user-row-${target}`);
  const confirm = (label: string) => fresh.page.getByRole("alertdialog").getByRole("button", { name: label, exact: true }).click();
  const c: Record<string, Captured> = {};
  await row.getByRole("button", { name: "Disable", exact: true }).click();
  c.disable = await captureAction(fresh.page, "/users", () => confirm("Disable"));
  await fresh.page.goto("/users");
  await row.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
  c.signOut = await captureAction(fresh.page, "/users", () => confirm("Sign out everywhere"));
  await fresh.page.goto("/users");
  c.enable = await captureAction(fresh.page, "/users", () =>
    fresh.page.getByTestId(`user-row-${sleeper}`).getByRole("button", { name: "Enable", exact: true }).click(),
  );
  await fresh.page.goto("/users");
  await row.getByRole("button", { name: "Reset two-factor" }).click();
  c.resetTwoFactor = await captureAction(fresh.page, "/users", () =>
    fresh.page.getByRole("dialog").getByRole("button", { name: "Remove two-factor sign-in" }).click(),
  );
  for (const who of ["anonymous", "member", "admin", "disabled"] as const) {
    for (const [name, captured] of Object.entries(c)) {
      const body = await (await replay(w.sessions.get(who)!.request, captured)).text();
      expect(body, `${who} ${name}`).not.toContain('"ok":true');
    }
    expect(userRow(target)?.disabled, who).toBe(false);
    expect(userRow(sleeper)?.disabled, who).toBe(true);
  }
  // The owner's own replay works, so the refusals above are real.
  expect(await (await replay(fresh.request, c.enable)).text()).toContain('"ok":true');
  expect(userRow(sleeper)?.disabled).toBe(false);
});

/** Opens a row's menu on the secrets list (searched down to that one secret) and picks an item. */
async function rowMenu(page: Page, name: string, item: string) {
  await page.getByTestId(`secret-row-${name}`).getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

test("every secrets action, replayed by anonymous, a member and a disabled admin, changes nothing and returns no value", async ({ createUser, signedIn, anonymous }) => {
  test.setTimeout(180_000);
  const w = await world({ createUser, signedIn, anonymous });
  const s = w.secret;
  const versioned = { name: secretName("ZMATRIX_VERSIONS"), v1: unique("version-one"), v2: unique("version-two") };
  expect(cli(["create", versioned.name], versioned.v1).code).toBe(0);
  expect(cli(["update", versioned.name, "--value-stdin"], versioned.v2).code).toBe(0);
  const aliased = { old: secretName("ZMATRIX_OLD"), name: secretName("ZMATRIX_NEW"), value: unique("aliased-value") };
  expect(cli(["create", aliased.old], aliased.value).code).toBe(0);
  expect(cli(["update", aliased.old, "--name", aliased.name]).code).toBe(0);
  const created = { name: secretName("ZMATRIX_CREATED"), value: unique("created-value") };
  const values = [s.value, w.trashed.value, versioned.v1, versioned.v2, aliased.value, created.value];

  // Capture every action as a freshly signed-in owner (change value first: it needs the sign-in to be recent).
  const fresh = await signedIn(w.emails.owner);
  const page = fresh.page;
  const c: Record<string, Captured> = {};
  const list = `/secrets?q=${s.name}`;
  await page.goto(list);
  await rowMenu(page, s.name, "Change value");
  await page.getByRole("dialog").getByLabel("New value").fill("replayed-value");
  await expect(page.getByRole("dialog").getByTestId("usage-warning")).toBeVisible();
  c.changeValue = await captureActionAt(page, "/secrets", () => page.getByRole("dialog").getByRole("button", { name: "Change value" }).click());
  await page.goto(list);
  c.reveal = await captureActionAt(page, "/secrets", () => page.getByRole("button", { name: `Reveal ${s.name}` }).click());
  c.copy = await captureActionAt(page, "/secrets", () => rowMenu(page, s.name, "Copy value"));
  await page.goto(list);
  c.usage = await captureActionAt(page, "/secrets", () => rowMenu(page, s.name, "Delete"));
  await page.goto(list);
  await rowMenu(page, s.name, "Delete");
  await expect(page.getByRole("alertdialog").getByTestId("usage-warning")).toBeVisible();
  c.delete = await captureActionAt(page, "/secrets", () => page.getByRole("alertdialog").getByRole("button", { name: "Delete", exact: true }).click());
  await page.goto(list);
  await rowMenu(page, s.name, "Edit");
  const edit = page.getByRole("dialog");
  await edit.getByLabel("Name", { exact: true }).fill(`${s.name}_RENAMED`);
  await expect(edit.getByTestId("usage-warning")).toBeVisible();
  c.rename = await captureActionAt(page, "/secrets", () => edit.getByRole("button", { name: "Rename" }).click());
  await page.goto("/secrets");
  await page.getByRole("button", { name: "Add secret" }).first().click();
  const add = page.getByRole("dialog");
  await add.getByLabel("Name", { exact: true }).fill(created.name);
  await add.getByLabel("Value", { exact: true }).fill(created.value);
  c.create = await captureActionAt(page, "/secrets", () => add.getByRole("button", { name: "Add secret" }).click());

  const versionedPage = `/secrets/${secretId(versioned.name)}`;
  await page.goto(versionedPage);
  await page.getByRole("button", { name: "Restore version 1" }).click();
  c.restoreVersion = await captureActionAt(page, versionedPage, () => page.getByRole("alertdialog").getByRole("button", { name: "Restore version 1" }).click());
  const aliasedPage = `/secrets/${secretId(aliased.name)}`;
  await page.goto(aliasedPage);
  await page.getByRole("button", { name: `Extend ${aliased.old}` }).click();
  c.extendAlias = await captureActionAt(page, aliasedPage, () => page.getByRole("alertdialog").getByRole("button", { name: "Extend" }).click());
  await page.goto(aliasedPage);
  await page.getByRole("button", { name: `End ${aliased.old}`, exact: true }).click();
  c.endAlias = await captureActionAt(page, aliasedPage, () => page.getByRole("alertdialog").getByRole("button", { name: "End alias" }).click());
  await page.goto("/trash");
  await page.getByRole("button", { name: `Restore ${w.trashed.name}` }).click();
  c.restore = await captureActionAt(page, "/trash", () => page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click());
  await page.goto("/trash");
  await page.getByRole("button", { name: `Delete ${w.trashed.name} permanently` }).click();
  await page.getByRole("alertdialog").getByTestId("confirm-name").fill(w.trashed.name);
  c.purge = await captureActionAt(page, "/trash", () => page.getByRole("alertdialog").getByRole("button", { name: "Delete permanently" }).click());

  for (const who of ["anonymous", "member", "disabled"] as const) {
    for (const [name, captured] of Object.entries(c)) {
      const body = await (await replay(w.sessions.get(who)!.request, captured)).text();
      for (const v of values) expect(body, `${who} ${name}`).not.toContain(v);
      expect(body, `${who} ${name}`).not.toContain('"ok":true');
      expect(body, `${who} ${name}`).not.toContain('"callers"');
    }
    // Nothing changed.
    expect(cli(["get", s.name]).stdout, who).toBe(s.value);
    expect(cli(["get", `${s.name}_RENAMED`]).code, who).not.toBe(0);
    expect(cli(["get", created.name]).code, who).not.toBe(0);
    expect(cli(["get", versioned.name]).stdout, who).toBe(versioned.v2);
    expect(cli(["get", aliased.old]).stdout, who).toBe(aliased.value);
    expect(inTrash(w.trashed.name), who).toBe(true);
  }

  // The same requests work for a signed-in admin, so the refusals above are real; value responses are never cached.
  const admin = await signedIn(w.emails.admin);
  const reveal = await replay(admin.request, c.reveal);
  expect(await reveal.text()).toContain(s.value);
  expect(reveal.headers()["cache-control"]).toContain("no-store");
  const copy = await replay(admin.request, c.copy);
  expect(await copy.text()).toContain(s.value);
  expect(copy.headers()["cache-control"]).toContain("no-store");
  expect(await (await replay(admin.request, c.usage)).text()).toContain('"callers"');
  expect(await (await replay(admin.request, c.create)).text()).toContain('"ok":true');
  expect(cli(["get", created.name]).stdout).toBe(created.value);
  expect(await (await replay(admin.request, c.restore)).text()).toContain('"ok":true');
  expect(inTrash(w.trashed.name)).toBe(false);
});
