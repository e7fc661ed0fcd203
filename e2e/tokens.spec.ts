import crypto from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { cli, confirmIdentity } from "./helpers";
import { expect, test } from "./fixtures";

/**
 * API tokens in the dashboard (/tokens): an admin creates one, sees it once,
 * code uses it (the REST API), the list shows its last use and reads, the
 * admin revokes it and code is refused; members are refused the page.
 */
const tag = () => crypto.randomBytes(4).toString("hex");
const TOKEN = /^smk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;
type Listed = { name: string; status: string; scopes: string[]; namePatterns: string[]; expiresAt: string | null; reads: number };
const listed = (name: string) => (JSON.parse(cli(["tokens", "list", "--json"]).stdout) as { tokens: Listed[] }).tokens.find((t) => t.name === name);

test("an admin creates a token, sees it once, code uses it, and the admin revokes it", async ({ createUser, signedIn, baseURL, request }, testInfo) => {
  test.setTimeout(120_000);
  const t = tag();
  const name = `e2e.backend-${t}`;
  const secret = { name: `E2E_TOKEN_${t.toUpperCase()}`, value: `token-read-${t}` };
  // Secrets need the site's owner first; run alone, this spec makes one.
  createUser("owner");
  expect(cli(["create", secret.name], secret.value).code).toBe(0);
  const { page, context } = await signedIn(createUser("admin"));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto("/tokens");
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  // The service's rules as the admin types.
  await dialog.getByLabel("Name", { exact: true }).fill("bad name");
  await expect(dialog.getByText("may contain only letters, digits and _ + = - @ # $ . (found a space)")).toBeVisible();
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Limit to secrets").fill("E2E_TOKEN_*, NOT OK");
  await expect(dialog.getByText('"NOT OK" may contain only')).toBeVisible();
  await dialog.getByLabel("Limit to secrets").fill("E2E_TOKEN_*");
  await dialog.getByRole("checkbox", { name: /Write secrets/ }).check();
  await dialog.getByLabel("Expires").selectOption("30");
  await dialog.getByRole("button", { name: "Create token" }).click();

  // Shown once, with a copy button and the warning.
  const ready = page.getByRole("dialog", { name: `Token ${name} is ready` });
  await expect(ready.getByText("Copy it now: you will not see it again")).toBeVisible();
  const token = (await ready.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(TOKEN);
  await shot(page, testInfo, "tokens-created-light.png");
  await ready.getByRole("button", { name: "Copy" }).click();
  await expect(ready.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await ready.getByRole("button", { name: "Done" }).click();
  await expect(ready).toHaveCount(0);

  // In the list, without the token: not in the page, not after a reload.
  const row = page.getByTestId(`token-row-${name}`);
  await expect(row).toHaveAttribute("data-status", "active");
  await expect(row).toContainText(`${token.slice(0, 21)}…`);
  await expect(row).toContainText("read");
  await expect(row).toContainText("write");
  await expect(row).toContainText("E2E_TOKEN_*");
  expect(listed(name)).toMatchObject({ status: "active", scopes: ["secrets:read", "secrets:write"], namePatterns: ["E2E_TOKEN_*"] });
  const days = (new Date(listed(name)!.expiresAt!).getTime() - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29.9);
  await page.reload();
  expect(await page.content()).not.toContain(token.slice(21));
  expect(await (await page.request.get("/tokens", { headers: { RSC: "1" } })).text()).not.toContain(token.slice(21));

  // Code uses it (as the Wix client sends it); the list shows the read.
  const read = await request.get(`/api/v1/secrets/name/${secret.name}`, { headers: { Authorization: token } });
  expect(read.status()).toBe(200);
  expect(await read.json()).toEqual({ value: secret.value });
  await expect.poll(async () => (await page.reload(), await row.getByTestId("token-reads").textContent()), { timeout: 10_000 }).toBe("1 value read");
  await expect(row).not.toContainText("Never");

  // Revoking needs a recent sign-in; it says what stops working, then code is refused.
  await confirmIdentity(page);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke ${name}?` });
  await expect(confirm.getByTestId("token-usage-warning")).toContainText("1 value read with it");
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText(`Revoked ${name}`)).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "revoked");
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  const refused = await request.get(`/api/v1/secrets/name/${secret.name}`, { headers: { Authorization: token } });
  expect(refused.status()).toBe(401);
  expect(await refused.text()).not.toContain(secret.value);
  expect(listed(name)?.status).toBe("revoked");

  // Both steps are in the audit log, without the token.
  await page.goto("/audit");
  const audit = await page.getByTestId("audit-table").textContent();
  expect(audit).toContain("token.create");
  expect(audit).toContain("token.revoke");
  expect(audit).toContain(name);
  expect(audit).not.toContain(token.slice(21));
  expect(errors).toEqual([]);
  cli(["delete", secret.name]);
});

test("a name already taken (even by a revoked token) is refused in the dialog, which keeps what was typed", async ({ createUser, signedIn }) => {
  const name = `e2e.taken-${tag()}`;
  createUser("owner");
  expect(cli(["tokens", "create", "--name", name, "--scopes", "secrets:read"]).code).toBe(0);
  expect(cli(["tokens", "revoke", name]).code).toBe(0);
  const { page } = await signedIn(createUser("admin"));
  await page.goto("/tokens");
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name", { exact: true }).fill(name.toUpperCase());
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("already exists")).toBeVisible();
  await expect(dialog.getByText("names of revoked tokens stay taken")).toBeVisible();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name.toUpperCase());
  expect(listed(name.toUpperCase())).toBeUndefined();
});

test("members are refused /tokens (403) and never see the link", async ({ createUser, signedIn }) => {
  createUser("owner");
  const { page, request } = await signedIn(createUser("member"));
  const response = await page.goto("/tokens");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("Code reads and changes secrets with a token")).toHaveCount(0);
  expect((await request.get("/tokens")).status()).toBe(403);
  await page.goto("/account");
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveCount(0);
});

test("screenshots of /tokens: light, dark and a 390 px phone", async ({ createUser, signedIn }, testInfo) => {
  test.setTimeout(120_000);
  const t = tag();
  createUser("owner");
  const made = [`e2e.shot-backend-${t}`, `e2e.shot-ci-${t}`, `e2e.shot-old-${t}`];
  expect(cli(["tokens", "create", "--name", made[0]!, "--scopes", "secrets:read", "--expires-in", "90d", "--names", "STRIPE_*,PAYPAL_*"]).code).toBe(0);
  expect(cli(["tokens", "create", "--name", made[1]!, "--scopes", "secrets:read,secrets:write"]).code).toBe(0);
  expect(cli(["tokens", "create", "--name", made[2]!, "--scopes", "secrets:read", "--expires-in", "1y"]).code).toBe(0);
  expect(cli(["tokens", "revoke", made[2]!]).code).toBe(0);
  const { page } = await signedIn(createUser("admin"));
  const shots: [string, ((p: Page) => Promise<void>)?][] = [
    ["tokens"],
    ["tokens-create", (p) => p.getByRole("button", { name: "Create token" }).first().click()],
    ["tokens-revoke", (p) => p.getByRole("button", { name: `Revoke ${made[0]}` }).click()],
  ];
  for (const mode of ["light", "dark", "phone"] as const) {
    await page.emulateMedia({ colorScheme: mode === "dark" ? "dark" : "light" });
    await page.setViewportSize(mode === "phone" ? { width: 390, height: 844 } : { width: 1280, height: 900 });
    for (const [name, before] of shots) {
      await page.goto("/tokens");
      await page.waitForLoadState("networkidle");
      if (before) {
        await before(page);
        await expect(page.getByRole("dialog").or(page.getByRole("alertdialog"))).toBeVisible();
        await page.waitForTimeout(300);
      }
      if (mode === "phone") {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${name} overflows at 390 px`).toBeLessThanOrEqual(390);
      }
      // Every column, Revoke included, is in view without scrolling the table sideways.
      const table = page.getByTestId("tokens-table").locator("xpath=..");
      expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth), `${name} ${mode}: the table scrolls sideways`).toBeLessThanOrEqual(0);
      await shot(page, testInfo, `${name}-${mode}.png`);
    }
  }
});

async function shot(page: Page, testInfo: TestInfo, file: string) {
  await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
}
