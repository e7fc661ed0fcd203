import { expect, test, type Page } from "@playwright/test";
import { cli, PASSWORD } from "./helpers";
import { unique } from "./fixtures";
import { startOidcProvider } from "./oidc-provider";

// One provider for the file; each test signs in with its own identity in a browser it closes.
test.describe.configure({ mode: "serial" });

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
test.beforeAll(async () => {
  provider = await startOidcProvider();
});
test.afterAll(async () => provider?.close());

async function ssoSignIn(page: Page, login: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Example SSO" }).click();
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("anything");
  await page.locator("button[type=submit]").click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
}

test("a new identity from an allowed domain becomes a member", async ({ page }) => {
  const login = `${unique("newbie")}@sso.example.test`;
  await ssoSignIn(page, login);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${login} · member`);
  expect((await page.goto("/secrets"))?.status()).toBe(403);
});

test("an existing account signs in as itself, role and all, but never counts as a recent sign-in", async ({ page }) => {
  const admin = `${unique("sso-admin")}@example.test`;
  expect(cli(["users", "create", "--email", admin, "--role", "admin"], PASSWORD).code).toBe(0);
  expect(cli(["create", unique("SSO_SECRET").replace(/-/g, "_").toUpperCase()], "sso-secret-value").code).toBe(0);
  await ssoSignIn(page, admin);
  await expect(page).toHaveURL(/\/secrets$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${admin} · admin`);
  // Single sign-on proved no password here: a reveal asks for it at once (clicked once the page is hydrated).
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: /^Reveal / }).first().click();
  await expect(page).toHaveURL(/\/reauth\?next=%2Fsecrets$/);
});

test("other domains and unverified emails are refused", async ({ browser }) => {
  for (const login of ["stranger@elsewhere.test", "unverified@sso.example.test"]) {
    // A fresh browser each time: the provider remembers who signed in.
    const context = await browser.newContext();
    const page = await context.newPage();
    await ssoSignIn(page, login);
    await expect(page).toHaveURL(/\/sign-in\?error=sso$/);
    await expect(page.locator("p[role=alert]")).toContainText("Single sign-on did not give you access here");
    await page.screenshot({ path: "test-results/sign-in-sso-refused.png", fullPage: true });
    await context.close();
  }
});
