import { enrolTwoFactor, PASSWORD, signIn } from "./helpers";
import { captureAction, expect, replay, test, unique, userRow } from "./fixtures";

/** Issue 6: recent sign-in for granting access, account recovery, malformed actions, CSP and HSTS, error pages. */

test("granting access needs a recent sign-in: an old owner session cannot create an admin or promote a user, even by replay", async ({ createUser, signedIn }) => {
  test.setTimeout(120_000);
  const target = createUser("member", { prefix: "promote" });
  const owner = await signedIn(createUser("owner"));
  const page = owner.page;
  await page.goto("/users");
  const adminEmail = `${unique("new-admin")}@example.test`;
  await page.getByLabel("Email").fill(adminEmail);
  await page.getByLabel("Initial password").fill(PASSWORD);
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  const create = await captureAction(page, "/users", () => page.getByRole("button", { name: "Create user" }).click());
  // The aborted request left the page in its error state: load it again.
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${target}`);
  await row.getByLabel(`Role of ${target}`).selectOption("admin");
  const promote = await captureAction(page, "/users", () => row.getByRole("button", { name: "Save" }).click());

  // The e2e server counts a sign-in as recent for 30 seconds.
  await page.waitForTimeout(31_000);
  for (const action of [create, promote]) {
    const response = await replay(owner.request, action);
    expect(await response.text()).toContain('"reauth":true');
  }
  expect(userRow(adminEmail)).toBeUndefined();
  expect(userRow(target)?.role).toBe("member");

  // In the browser the same refusal sends the owner to confirm their password, then back.
  await page.goto("/users");
  await row.getByLabel(`Role of ${target}`).selectOption("admin");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/reauth\?next=%2Fusers$/);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/users$/);

  await replay(owner.request, create);
  await replay(owner.request, promote);
  expect(userRow(adminEmail)?.role).toBe("admin");
  expect(userRow(target)?.role).toBe("admin");
});

test("the owner resets another user's password and second factor, each after a confirmation", async ({ createUser, signedIn }) => {
  test.setTimeout(90_000);
  const memberEmail = createUser("member", { prefix: "recover" });
  const member = await signedIn(memberEmail);
  await enrolTwoFactor(member.page);
  const owner = await signedIn(createUser("owner"));
  const page = owner.page;
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${memberEmail}`);

  await row.getByRole("button", { name: "Reset password" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Reset the password of ${memberEmail}`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);

  await row.getByRole("button", { name: "Reset password" }).click();
  await dialog.getByLabel("New password", { exact: true }).fill("short");
  await dialog.getByLabel("Confirm new password").fill("short");
  await dialog.getByRole("button", { name: "Reset password" }).click();
  await expect(dialog.locator("#newPassword-error")).toHaveText("must be at least 12 characters");
  const newPassword = "a brand new passphrase 42";
  await dialog.getByLabel("New password", { exact: true }).fill(newPassword);
  await dialog.getByLabel("Confirm new password").fill(newPassword);
  await dialog.getByRole("button", { name: "Reset password" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Password reset. Their sessions were signed out.");
  await dialog.getByRole("button", { name: "Done" }).click();

  await row.getByRole("button", { name: "Reset two-factor" }).click();
  await expect(dialog).toContainText(`Remove two-factor sign-in for ${memberEmail}?`);
  await dialog.getByRole("button", { name: "Remove two-factor sign-in" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Two-factor sign-in removed. Their sessions were signed out.");

  // The member's open session ended; the new password alone signs them in, and the old one does not.
  await member.page.goto("/account");
  await expect(member.page).toHaveURL(/\/sign-in$/);
  await member.page.getByLabel("Email").fill(memberEmail);
  await member.page.getByLabel("Password").fill(PASSWORD);
  await member.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(member.page.locator("p[role=alert]")).toHaveText("Wrong email or password.");
  await signIn(member.page, memberEmail, newPassword);
  await expect(member.page).toHaveURL(/\/account$/);
});

test("malformed server action requests get a 4xx or a safe answer, never the input echoed", async ({ createUser, signedIn }) => {
  const owner = await signedIn(createUser("owner"));
  await owner.page.goto("/account");
  const save = await captureAction(owner.page, "/account", () => owner.page.getByRole("button", { name: "Save" }).click());

  // Several megabytes, newlines and all: refused before Next decodes it.
  const huge = Buffer.from(`0:"${"line\nof input ".repeat(250_000)}"`);
  const tooBig = await owner.request.post("/account", { headers: save.headers, data: huge, maxRedirects: 0 });
  expect(tooBig.status()).toBe(413);
  expect(await tooBig.text()).not.toContain("of input");

  // Wrong argument types and extra arguments: a safe refusal from defineAction, nothing echoed.
  const text = { ...save.headers, "content-type": "text/plain;charset=UTF-8" };
  for (const body of [`[42, ${JSON.stringify("z".repeat(100_000))}]`, `[{"name": ["x"]}]`, `[{"name": "${"y".repeat(200)}"}]`]) {
    const response = await owner.request.post("/account", { headers: text, data: body, maxRedirects: 0 });
    expect(response.status(), body.slice(0, 40)).toBeLessThan(500);
    const answer = await response.text();
    expect(answer).toMatch(/not valid|Check the highlighted field/);
    expect(answer).not.toContain("z".repeat(1000));
  }

  // Bodies that are not a server action payload at all: a 400 (the custom server's answer for
  // what Next cannot decode), never the input echoed.
  for (const data of ["garbage\u0000\n".repeat(10_000), "[1,2,3", "0:garbage"]) {
    const garbage = await owner.request.post("/account", { headers: text, data, maxRedirects: 0 });
    expect(garbage.status(), data.slice(0, 20)).toBe(400);
    expect(await garbage.text()).not.toContain("garbage");
  }

  // And the server is fine.
  expect((await owner.request.get("/account")).status()).toBe(200);
});

test("every page carries a nonce-based Content-Security-Policy, its scripts the nonce, and the app still runs", async ({ createUser, signedIn, anonymous }) => {
  const violations: string[] = [];
  const owner = await signedIn(createUser("owner"));
  const visitor = await anonymous();
  for (const p of [owner.page, visitor.page]) p.on("console", (m) => /Content.Security.Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  const seen = new Set<string>();
  const cases = [
    [visitor, "/sign-in"],
    [owner, "/secrets"],
    [owner, "/users"],
    [owner, "/account"],
    [owner, "/reauth?next=%2Faccount"],
    [owner, "/no-such-page"],
  ] as const;
  for (const [who, path] of cases) {
    const response = await who.request.get(path);
    const csp = response.headers()["content-security-policy"] ?? "";
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{16,})' 'strict-dynamic'/.exec(csp)?.[1];
    expect(nonce, `${path}: ${csp}`).toBeDefined();
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(directive);
    expect(seen.has(nonce!), "a fresh nonce per response").toBe(false);
    seen.add(nonce!);
    const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    // Served over plain http: no HSTS.
    expect(response.headers()["strict-transport-security"]).toBeUndefined();
  }

  // Behind a trusted proxy that says https (SECRETS_TRUST_PROXY=1 in e2e/env.ts): HSTS.
  const https = await visitor.request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);

  // The scripts run under the policy: client navigation and a server action work, with no violation reported.
  await owner.page.goto("/account");
  await owner.page.getByRole("navigation").getByRole("link", { name: "Users" }).click();
  await expect(owner.page).toHaveURL(/\/users$/);
  await owner.page.goto("/account");
  await owner.page.getByLabel("Name").fill("Content Policy");
  await owner.page.getByRole("button", { name: "Save" }).click();
  await expect(owner.page.getByRole("status")).toHaveText("Name saved.");
  expect(violations).toEqual([]);
});

test("an unknown address says what to do next", async ({ anonymous }) => {
  const { page } = await anonymous();
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the dashboard" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});
