import { expect, test, type Page } from "@playwright/test";
import { startOidcProvider } from "./oidc-provider";

// Runs after auth.spec.ts (the owner, admin@example.test and member@example.test exist).
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
  await ssoSignIn(page, "newbie@sso.example.test");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("newbie@sso.example.test · member");
  expect((await page.goto("/secrets"))?.status()).toBe(403);
});

test("an existing account signs in as itself, role and all", async ({ page }) => {
  await ssoSignIn(page, "admin@example.test");
  await expect(page).toHaveURL(/\/secrets$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("admin@example.test · admin");
});

test("other domains and unverified emails are refused", async ({ browser }) => {
  for (const login of ["stranger@elsewhere.test", "unverified@sso.example.test"]) {
    // A fresh browser each time: the provider remembers who signed in.
    const page = await (await browser.newContext()).newPage();
    await ssoSignIn(page, login);
    await expect(page).toHaveURL(/\/sign-in\?error=sso$/);
    await expect(page.locator("p[role=alert]")).toContainText("Single sign-on did not give you access here");
    await page.screenshot({ path: "test-results/sign-in-sso-refused.png", fullPage: true });
  }
});
