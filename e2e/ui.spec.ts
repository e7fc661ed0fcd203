import fs from "node:fs";
import { base32Decode, stepAt, totpCode } from "../lib/users/totp";
import { expect, test } from "./fixtures";
import type { Page, TestInfo } from "@playwright/test";

const PHONE = { width: 390, height: 844 };

/** The page fits its viewport: nothing wider than the screen makes it scroll sideways. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, "page wider than the viewport").toBeLessThanOrEqual(innerWidth);
}

/** Light, dark and phone screenshots of one page, kept as test artifacts. */
async function shoot(page: Page, testInfo: TestInfo, path: string, name: string) {
  const desktop = page.viewportSize()!;
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: testInfo.outputPath(`${name}-${scheme}.png`), fullPage: true });
  }
  await page.setViewportSize(PHONE);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: testInfo.outputPath(`${name}-phone.png`), fullPage: true });
  await page.setViewportSize(desktop);
}

test("on a phone the shell fits the screen and the menu sheet shows the current page", async ({ createUser, signedIn }) => {
  const { page } = await signedIn(createUser("owner"));
  await page.setViewportSize(PHONE);
  for (const path of ["/account", "/users"]) {
    await page.goto(path);
    await expectNoHorizontalOverflow(page);
  }
  await page.getByRole("button", { name: "Open menu" }).click();
  const sheet = page.getByRole("dialog", { name: "Menu" });
  await expect(sheet.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await expect(sheet.getByRole("link", { name: "Account" })).not.toHaveAttribute("aria-current", "page");
  await sheet.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(sheet).toBeHidden();
  await expectNoHorizontalOverflow(page);
});

test("the current page is highlighted in the navigation", async ({ createUser, signedIn }) => {
  const { page } = await signedIn(createUser("owner"));
  await page.goto("/account");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Account" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Account" })).not.toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
});

test("the theme toggle switches the page between light and dark", async ({ createUser, signedIn }) => {
  const { page } = await signedIn(createUser("member"));
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/account");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "Theme" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "Theme" }).click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
});

test("two-factor enrolment shows a QR code, and the recovery codes can be downloaded", async ({ createUser, signedIn }, testInfo) => {
  const { page } = await signedIn(createUser("member"));
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath("two-factor-enrol.png"), fullPage: true });

  const secret = base32Decode((await page.getByTestId("totp-secret").textContent())!);
  await page.getByLabel("Code from the app").fill(totpCode(secret, stepAt(Date.now())));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download .txt" }).click()]);
  expect(download.suggestedFilename()).toBe("secrets-manager-recovery-codes.txt");
  const text = fs.readFileSync((await download.path())!, "utf8");
  for (const code of codes) expect(text).toContain(code);
  await page.screenshot({ path: testInfo.outputPath("two-factor-codes.png"), fullPage: true });
});

test("sessions name the browser and system, not the raw user agent", async ({ createUser, signedIn }) => {
  const { page } = await signedIn(createUser("member"));
  await page.goto("/account");
  const device = page.getByTestId("session-device").first();
  // Playwright's desktop Chrome profile announces itself as Chrome on Windows.
  const agent = await page.evaluate(() => navigator.userAgent);
  const system = /Windows/.test(agent) ? "Windows" : /Mac OS/.test(agent) ? "macOS" : "Linux";
  await expect(device).toHaveText(new RegExp(`^Chrome( Headless)? \\d+ on ${system}$`));
  await expect(page.getByTestId("sessions")).not.toContainText("Mozilla/5.0");
  await expect(page.getByTestId("sessions").locator("time").first()).toHaveAttribute("datetime", /Z$/);
});

test("screenshots: account, users, reauth, not found and forbidden in light, dark and phone", async ({ createUser, signedIn, anonymous }, testInfo) => {
  const owner = await signedIn(createUser("owner"));
  createUser("admin");
  await shoot(owner.page, testInfo, "/account", "account");
  await shoot(owner.page, testInfo, "/users", "users");
  await shoot(owner.page, testInfo, "/reauth?next=%2Fusers", "reauth");
  await shoot(owner.page, testInfo, "/no-such-page", "not-found");
  const member = await signedIn(createUser("member"));
  await shoot(member.page, testInfo, "/users", "forbidden");
  const visitor = await anonymous();
  await shoot(visitor.page, testInfo, "/sign-in", "sign-in");
});
