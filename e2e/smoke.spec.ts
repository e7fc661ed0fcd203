import { expect, test } from "@playwright/test";
import { cli, PASSWORD, signIn } from "./helpers";

// Runs after auth.spec.ts: the owner exists.
test("a secret made with the CLI is listed for admins without its value, in HTML and RSC alike", async ({ page, context }) => {
  const value = `e2e-value-${Date.now()}`;
  const created = cli(["create", "E2E_SMOKE", "--description", "made by the smoke test"], value);
  expect(created.stderr).toBe("");
  expect(created.code).toBe(0);
  expect(cli(["get", "E2E_SMOKE"]).stdout).toBe(value);

  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await signIn(page, "owner@example.test");
  await page.goto("/secrets");
  await expect(page.getByRole("cell", { name: "E2E_SMOKE", exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/secrets.png", fullPage: true });
  expect(await page.content()).not.toContain(value);
  const rsc = await context.request.get("/secrets", { headers: { RSC: "1" } });
  expect(await rsc.text()).toContain("E2E_SMOKE");
  expect(await rsc.text()).not.toContain(value);
  expect(errors).toEqual([]);
});

test("revealing a value needs a recent sign-in: the password is asked again, then the value shows", async ({ page }) => {
  const value = `reveal-me-${Date.now()}`;
  expect(cli(["create", "E2E_REVEAL"], value).code).toBe(0);
  await signIn(page, "owner@example.test");
  await page.goto("/secrets");
  expect(await page.content()).not.toContain(value);
  // The e2e server counts a sign-in as recent for 30 seconds.
  await page.waitForTimeout(31_000);
  await page.getByRole("button", { name: "Reveal E2E_REVEAL" }).click();
  await expect(page).toHaveURL(/\/reauth\?next=%2Fsecrets$/);
  await page.screenshot({ path: "test-results/reauth.png", fullPage: true });
  await page.getByLabel("Password").fill("wrong password!!");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Wrong password.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/secrets$/);
  await page.getByRole("button", { name: "Reveal E2E_REVEAL" }).click();
  await expect(page.getByTestId("value-E2E_REVEAL")).toHaveText(value);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByTestId("value-E2E_REVEAL")).toHaveCount(0);
});
