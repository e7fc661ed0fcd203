import { cli, PASSWORD } from "./helpers";
import { expect, test, unique } from "./fixtures";

// Each test makes its own admin and secret; an owner exists (auth.spec.ts ran setup).
const secretName = (prefix: string) => unique(prefix).replace(/-/g, "_").toUpperCase();

test("a secret made with the CLI is listed for admins without its value, in HTML and RSC alike", async ({ createUser, signedIn }) => {
  const name = secretName("E2E_SMOKE");
  const value = unique("e2e-value");
  const created = cli(["create", name, "--description", "made by the smoke test"], value);
  expect(created.stderr).toBe(`Created ${name}\n`); // the confirmation line, no warning
  expect(created.code).toBe(0);
  expect(cli(["get", name]).stdout).toBe(value);

  const { page, context } = await signedIn(createUser("admin"));
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`/secrets?q=${name}`);
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/secrets.png", fullPage: true });
  expect(await page.content()).not.toContain(value);
  const rsc = await context.request.get("/secrets", { headers: { RSC: "1" } });
  expect(await rsc.text()).toContain(name);
  expect(await rsc.text()).not.toContain(value);
  expect(errors).toEqual([]);
});

test("revealing a value needs a recent sign-in: the password is asked again, then the value shows", async ({ createUser, signedIn }) => {
  const name = secretName("E2E_REVEAL");
  const value = unique("reveal-me");
  expect(cli(["create", name], value).code).toBe(0);
  const { page } = await signedIn(createUser("admin"));
  await page.goto(`/secrets?q=${name}`);
  expect(await page.content()).not.toContain(value);
  // The e2e server counts a sign-in as recent for 30 seconds.
  await page.waitForTimeout(31_000);
  await page.getByRole("button", { name: `Reveal ${name}` }).click();
  await expect(page).toHaveURL(/\/reauth\?next=%2Fsecrets(%3F|$)/);
  await page.screenshot({ path: "test-results/reauth.png", fullPage: true });
  await page.getByLabel("Password").fill("wrong password!!");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Wrong password.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/secrets(\?|$)/);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: `Reveal ${name}` }).click();
  await expect(page.getByTestId(`value-${name}`)).toHaveText(value);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByTestId(`value-${name}`)).toHaveCount(0);
});
