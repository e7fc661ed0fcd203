import { cli, PASSWORD } from "./helpers";
import type { Page } from "@playwright/test";
import { captureAction, captureActionAt, expect, replay, test, unique, userRow, type Captured, type Role } from "./fixtures";
import { startReceiver } from "../lib/webhooks/test-receiver";

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
  { path: "/tokens", allowed: ["admin", "owner"], marker: () => "Code reads and changes secrets with a token", data: "Code reads and changes secrets with a token" },
  { path: "/webhooks", allowed: ["admin", "owner"], marker: () => "signed POST (Standard Webhooks)", data: "Private networks" },
  { path: "/api-reference", allowed: ["admin", "owner"], marker: () => "Getting started", data: "Getting started" },
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

const tokenStatus = (name: string) =>
  (JSON.parse(cli(["tokens", "list", "--json"]).stdout) as { tokens: { name: string; status: string }[] }).tokens.find((t) => t.name === name)?.status;

test("the token actions (create, revoke), replayed by anonymous, a member and a disabled admin, change nothing and return no token", async ({ createUser, signedIn, anonymous }) => {
  test.setTimeout(120_000);
  const w = await world({ createUser, signedIn, anonymous });
  const created = unique("matrix.created");
  const target = unique("matrix.target");
  expect(cli(["tokens", "create", "--name", target, "--scopes", "secrets:read"]).code).toBe(0);

  // Captured as a freshly signed-in owner (both need a recent sign-in), aborted so they never run.
  const fresh = await signedIn(w.emails.owner);
  const page = fresh.page;
  const c: Record<string, Captured> = {};
  await page.goto("/tokens");
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name", { exact: true }).fill(created);
  await dialog.getByRole("checkbox", { name: /Write secrets/ }).check();
  c.create = await captureActionAt(page, "/tokens", () => dialog.getByRole("button", { name: "Create token" }).click());
  await page.goto("/tokens");
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: `Revoke ${target}` }).click();
  c.revoke = await captureActionAt(page, "/tokens", () => page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click());

  for (const who of ["anonymous", "member", "disabled"] as const) {
    for (const [name, captured] of Object.entries(c)) {
      const body = await (await replay(w.sessions.get(who)!.request, captured)).text();
      expect(body, `${who} ${name}`).not.toContain('"ok":true');
      expect(body, `${who} ${name}`).not.toMatch(/smk_[0-9a-f]{16}_/);
    }
    expect(tokenStatus(created), who).toBeUndefined();
    expect(tokenStatus(target), who).toBe("active");
  }

  // The same requests from a signed-in admin work, so the refusals above are real; the token comes back once, never cached.
  const admin = await signedIn(w.emails.admin);
  const made = await replay(admin.request, c.create);
  const body = await made.text();
  expect(body).toContain('"ok":true');
  expect(body).toMatch(/smk_[0-9a-f]{16}_/);
  expect(made.headers()["cache-control"]).toContain("no-store");
  expect(tokenStatus(created)).toBe("active");
  expect(await (await replay(admin.request, c.revoke)).text()).toContain('"ok":true');
  expect(tokenStatus(target)).toBe("revoked");
});

test("the webhook actions (add, remove, resend, the private-network setting), replayed by others, change nothing and return no signing secret", async ({ createUser, signedIn, anonymous }) => {
  test.setTimeout(180_000);
  const w = await world({ createUser, signedIn, anonymous });
  const receiver = await startReceiver(() => 204);
  const tag = unique("matrix");
  const targetUrl = receiver.url(`/${tag}-target`);
  const createdUrl = receiver.url(`/${tag}-created`);
  try {
    // As a freshly signed-in owner: private targets on (the receiver is on 127.0.0.1), one real endpoint with one delivery.
    const owner = (await signedIn(w.emails.owner)).page;
    const open = async () => {
      await owner.goto("/webhooks");
      await owner.waitForLoadState("networkidle");
    };
    await open();
    const allow = owner.getByRole("checkbox", { name: /Allow endpoints on private networks/ });
    if (!(await allow.isChecked())) {
      await allow.check();
      await owner.getByRole("button", { name: "Save setting" }).click();
      await expect(owner.getByText("Endpoints may now be on private networks.")).toBeVisible();
    }
    const addDialog = async (url: string) => {
      await owner.getByRole("button", { name: "Add endpoint" }).first().click();
      const dialog = owner.getByRole("dialog", { name: "Add webhook endpoint" });
      await dialog.getByLabel("URL").fill(url);
      return dialog;
    };
    await (await addDialog(targetUrl)).getByRole("button", { name: "Add endpoint" }).click();
    await owner.getByRole("dialog", { name: "Endpoint added" }).getByRole("button", { name: "Done" }).click();
    expect(cli(["create", secretName("MATRIX_HOOKED")], "x").code).toBe(0);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);

    // Captured (aborted, so they never run): add, remove, resend, and turning the setting off.
    const c: Record<string, Captured> = {};
    await open();
    c.create = await captureActionAt(owner, "/webhooks", async () => (await addDialog(createdUrl)).getByRole("button", { name: "Add endpoint" }).click());
    await open();
    await owner.getByRole("button", { name: `Remove ${targetUrl}` }).click();
    c.remove = await captureActionAt(owner, "/webhooks", () => owner.getByRole("alertdialog").getByRole("button", { name: "Remove endpoint" }).click());
    await open();
    await owner.getByRole("link", { name: `Delivery log of ${targetUrl}` }).click();
    await owner.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await owner.waitForLoadState("networkidle");
    const logPath = new URL(owner.url()).pathname;
    c.resend = await captureActionAt(owner, logPath, () => owner.getByRole("button", { name: /^Resend/ }).click());
    await open();
    await allow.uncheck();
    c.setting = await captureActionAt(owner, "/webhooks", () => owner.getByRole("button", { name: "Save setting" }).click());

    const listed = async () => {
      await open();
      return { html: await owner.content(), allowPrivate: await allow.isChecked() };
    };
    const refusedBy = { anonymous: Object.keys(c), member: Object.keys(c), disabled: Object.keys(c), admin: ["setting"] } as const;
    for (const [who, names] of Object.entries(refusedBy) as [Identity, readonly string[]][]) {
      for (const name of names) {
        const body = await (await replay(w.sessions.get(who)!.request, c[name]!)).text();
        expect(body, `${who} ${name}`).not.toContain('"ok":true');
        expect(body, `${who} ${name}`).not.toMatch(/whsec_/);
      }
      const now = await listed();
      expect(now.html, who).toContain(`${tag}-target`);
      expect(now.html, who).not.toContain(`${tag}-created`);
      expect(now.allowPrivate, who).toBe(true);
      expect(receiver.received, who).toHaveLength(1);
    }

    // The same requests work for a freshly signed-in admin (and the setting for the owner), so the refusals above are real.
    const admin = await signedIn(w.emails.admin);
    const made = await replay(admin.request, c.create!);
    const madeBody = await made.text();
    expect(madeBody).toContain('"ok":true');
    expect(madeBody).toMatch(/whsec_[A-Za-z0-9+/]{43}=/);
    expect(made.headers()["cache-control"]).toContain("no-store");
    expect(await (await replay(admin.request, c.resend!)).text()).toContain('"ok":true');
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    expect(await (await replay(admin.request, c.remove!)).text()).toContain('"ok":true');
    const afterAdmin = await listed();
    expect(afterAdmin.html).toContain(`${tag}-created`);
    expect(afterAdmin.html).not.toContain(`${tag}-target`);
    const owner2 = await signedIn(w.emails.owner);
    expect(await (await replay(owner2.request, c.setting!)).text()).toContain('"ok":true');
    expect((await listed()).allowPrivate).toBe(false);
  } finally {
    await receiver.close();
  }
});
