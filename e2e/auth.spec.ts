import { expect, test, type Browser } from "@playwright/test";
import { stepAt, totpCode } from "../lib/users/totp";
import { cli, enrolTwoFactor, PASSWORD, signIn } from "./helpers";

// One fresh installation, walked through in order.
test.describe.configure({ mode: "serial" });

const OWNER = "owner@example.test";
const ADMIN = "admin@example.test";
const MEMBER = "member@example.test";

const roleOf = (email: string) =>
  (JSON.parse(cli(["users", "list", "--json"]).stdout) as { users: { email: string; role: string }[] }).users.find((u) => u.email === email)?.role;

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("a fresh install sends every page to setup", async ({ page }) => {
  for (const path of ["/", "/secrets", "/users", "/account", "/sign-in"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  await page.screenshot({ path: "test-results/setup.png", fullPage: true });
});

test("setup checks its input, creates the owner and signs them in", async ({ page }) => {
  // The one-time code `npm start` prints; the CLI prints it again.
  const code = cli(["users", "setup-code"]).stdout.trim();
  await page.goto("/setup");
  await page.getByLabel("Setup code").fill(code);
  await page.getByLabel("Email").fill(OWNER);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.locator("#password-error")).toHaveText("must be at least 12 characters");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-describedby", "password-error");

  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(/\/secrets$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${OWNER} · owner`);

  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$|\/secrets$/);
});

test("sign out, then a wrong password and the right one", async ({ page }) => {
  await signIn(page, OWNER);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/secrets");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Email").fill(OWNER);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Wrong email or password.");
  await page.screenshot({ path: "test-results/sign-in.png", fullPage: true });
  await signIn(page, OWNER);
  await expect(page).toHaveURL(/\/secrets$/);
});

test("the session cookie is HttpOnly and SameSite", async ({ page, context }) => {
  await signIn(page, OWNER);
  const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  // Served over plain http here; Auth.js adds Secure and the __Secure- prefix on https.
  expect(cookie!.secure).toBe(false);
});

test("the owner adds an admin and a member on the users page", async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto("/users");
  for (const [email, role] of [[ADMIN, "admin"], [MEMBER, "member"]] as const) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Initial password").fill(PASSWORD);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("status")).toHaveText(`Created ${email}.`);
    await expect(page.getByTestId(`user-row-${email}`)).toContainText(role);
  }
  await page.screenshot({ path: "test-results/users.png", fullPage: true });
});

test("a member lands in the members area and is not allowed on admin pages", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, MEMBER);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await page.screenshot({ path: "test-results/account.png", fullPage: true });
  for (const path of ["/secrets", "/users"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(OWNER);
  }
});

test("demoting an admin applies to their open session at once", async ({ browser, page }) => {
  const adminPage = await newPage(browser);
  await signIn(adminPage, ADMIN);
  await expect(adminPage).toHaveURL(/\/secrets$/);

  await signIn(page, OWNER);
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${ADMIN}`);
  await row.getByLabel(`Role of ${ADMIN}`).selectOption("member");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByLabel(`Role of ${ADMIN}`)).toHaveValue("member");
  await expect.poll(() => roleOf(ADMIN)).toBe("member");

  const response = await adminPage.goto("/secrets");
  expect(response?.status()).toBe(403);
  expect(cli(["users", "set-role", ADMIN, "admin"]).code).toBe(0);
  expect((await adminPage.goto("/secrets"))?.status()).toBe(200);
});

test("disabling a user and signing them out everywhere end their open sessions", async ({ browser, page }) => {
  const memberPage = await newPage(browser);
  await signIn(memberPage, MEMBER);
  await signIn(page, OWNER);
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${MEMBER}`);
  await row.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect.poll(async () => (await memberPage.goto("/account"), memberPage.url())).toMatch(/\/sign-in$/);

  await signIn(memberPage, MEMBER);
  await row.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  await memberPage.goto("/account");
  await expect(memberPage).toHaveURL(/\/sign-in$/);
  await memberPage.getByLabel("Email").fill(MEMBER);
  await memberPage.getByLabel("Password").fill(PASSWORD);
  await memberPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(memberPage.locator("p[role=alert]")).toHaveText("Wrong email or password.");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText("active");
});

test("the last owner cannot demote themselves", async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${OWNER}`);
  await row.getByLabel(`Role of ${OWNER}`).selectOption("admin");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("alert")).toHaveText("The last owner cannot be demoted: make someone else owner first");
});

test("two-factor sign-in: enrol with an authenticator code, then sign in with a code and with a recovery code", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, MEMBER);
  const { secret, codes } = await enrolTwoFactor(page);
  await page.screenshot({ path: "test-results/two-factor.png", fullPage: true });

  await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(MEMBER);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("That code is not right.");
  await page.screenshot({ path: "test-results/sign-in-code.png", fullPage: true });
  // The next step's code: the current one was spent on enrolment.
  await page.getByLabel("Authentication code").fill(totpCode(secret, stepAt(Date.now()) + 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(MEMBER);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Authentication code").fill(codes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByLabel("Password (to turn it off)").fill(PASSWORD);
  await page.getByLabel("Current code or a recovery code").fill(codes[1]!);
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.locator("p[role=status]")).toHaveText("Two-factor sign-in is off.");
});

test("the owner can require two-factor sign-in for admins, once they use it themselves", async ({ browser, page }) => {
  await signIn(page, OWNER);
  await page.goto("/users");
  await page.getByLabel("Require two-factor sign-in for admins and owners").check();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Turn on two-factor sign-in for your own account first");

  const { codes: ownerCodes } = await enrolTwoFactor(page);
  await page.goto("/users");
  await page.getByLabel("Require two-factor sign-in for admins and owners").check();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.locator("p[role=status]")).toHaveText("Admins now need two-factor sign-in.");

  const adminPage = await newPage(browser);
  await signIn(adminPage, ADMIN);
  await expect(adminPage).toHaveURL(/\/account\?two-factor=required$/);
  await expect(adminPage.getByTestId("two-factor-required")).toBeVisible();
  expect(new URL((await adminPage.goto("/secrets"))!.url()).pathname).toBe("/account");

  // Back to the state the later specs expect.
  await page.goto("/users");
  await page.getByLabel("Require two-factor sign-in for admins and owners").uncheck();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.locator("p[role=status]")).toHaveText("Two-factor sign-in is optional for admins.");
  await page.goto("/account");
  await page.getByLabel("Password (to turn it off)").fill(PASSWORD);
  await page.getByLabel("Current code or a recovery code").fill(ownerCodes[0]!);
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.locator("p[role=status]")).toHaveText("Two-factor sign-in is off.");
});
