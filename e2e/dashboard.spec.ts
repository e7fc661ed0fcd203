import crypto from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { cli, confirmIdentity, seedSecrets } from "./helpers";
import { expect, test } from "./fixtures";
import { E2E_ENV } from "./env";

/**
 * The dashboard as a new admin uses it, coming from the Wix dashboard: every
 * secrets operation through the UI, the warnings that say which code will
 * break, and the audit log that records it all. Names start with DASH_ (and
 * the paging batch with ZPAGE_) so other specs' secrets stay on the first
 * page of the name-sorted list.
 */
const REVEAL_SECONDS = Number(E2E_ENV.SECRETS_REVEAL_SECONDS);
const tag = () => crypto.randomBytes(4).toString("hex").toUpperCase();
const PEM = "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END TEST KEY-----";

async function addSecret(page: Page, s: { name: string; value: string; description: string }, open: () => Promise<void>) {
  await open();
  const dialog = page.getByRole("dialog", { name: "Add secret" });
  await dialog.getByLabel("Name", { exact: true }).fill(s.name);
  await dialog.getByLabel("Value", { exact: true }).fill(s.value);
  await dialog.getByLabel("Description").fill(s.description);
  await dialog.getByRole("button", { name: "Add secret" }).click();
  await expect(page.getByText(`Created ${s.name}`)).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId(`secret-row-${s.name}`)).toHaveAttribute("data-highlighted", "true");
}

const rowOf = (page: Page, name: string) => page.getByTestId(`secret-row-${name}`);
async function menu(page: Page, name: string, item: string) {
  await rowOf(page, name).getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: item }).click();
}
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const idOf = async (page: Page, name: string) =>
  (await rowOf(page, name).getByRole("link", { name, exact: true }).getAttribute("href"))!.split("/").pop()!;

test("a new admin manages secrets end to end in the dashboard", async ({ createUser, signedIn, baseURL }) => {
  test.setTimeout(240_000);
  const t = tag();
  const alpha = { name: `DASH_${t}_ALPHA`, value: `alpha-${t}-value`, description: "Payments API key for the checkout service" };
  const bravo = { name: `DASH_${t}_BRAVO`, value: `${PEM}\n${t}`, description: "Checkout signing key (two lines and more)" };
  const charlie = { name: `DASH_${t}_CHARLIE`, value: `charlie-${t}-value`, description: "Webhook secret" };
  // Secrets need the site's owner first (as in Wix); run alone, this spec makes one.
  createUser("owner");
  const { page, context } = await signedIn(createUser("admin"));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto("/secrets");
  await page.waitForLoadState("networkidle");
  // The rules show as the admin types, with the service's words; every field error at once, what was typed kept.
  await page.keyboard.press("n");
  const dialog = page.getByRole("dialog", { name: "Add secret" });
  await dialog.getByLabel("Name", { exact: true }).fill("bad name");
  await expect(dialog.getByText('may contain only letters, digits and _ + = - @ # $ (found a space)')).toBeVisible();
  await expect(dialog.getByText("8/50")).toBeVisible();
  await dialog.getByLabel("Description").fill("kept after a refusal");
  await dialog.getByRole("button", { name: "Add secret" }).click();
  await expect(dialog.getByText("is required")).toBeVisible();
  await expect(dialog.getByText(/may contain only letters/)).toBeVisible();
  await expect(dialog.getByLabel("Description")).toHaveValue("kept after a refusal");
  await expect(dialog.getByLabel("Value", { exact: true })).toHaveAttribute("data-masked", "true");
  await page.keyboard.press("Escape");

  // Three secrets through the UI: "n", the button, the button.
  await addSecret(page, alpha, () => page.keyboard.press("n"));
  await addSecret(page, bravo, () => page.getByRole("button", { name: "Add secret" }).first().click());
  await addSecret(page, charlie, () => page.getByRole("button", { name: "Add secret" }).first().click());
  for (const s of [alpha, bravo, charlie]) expect(await page.content()).not.toContain(s.value);

  // Search ("/" focuses it), debounced into the URL.
  await page.goto("/secrets");
  await page.waitForLoadState("networkidle");
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search secrets" })).toBeFocused();
  await page.keyboard.type(`DASH_${t}`);
  await expect(page).toHaveURL(new RegExp(`q=DASH_${t}`));
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(3);
  await page.getByRole("searchbox").fill(`${t}_BRA`);
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(1);
  await page.getByRole("searchbox").fill(`DASH_${t}`);
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(3);

  // Sort by name, descending and back; the back button restores the order.
  const names = () => page.getByTestId("secrets-table").locator("tbody tr td:first-child a").allTextContents();
  await expect.poll(names).toEqual([alpha.name, bravo.name, charlie.name]);
  await page.getByRole("button", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc|dir=desc.*sort=name/);
  await expect.poll(names).toEqual([charlie.name, bravo.name, alpha.name]);
  await page.goBack();
  await expect.poll(names).toEqual([alpha.name, bravo.name, charlie.name]);
  await page.getByRole("button", { name: /^Description/ }).click();
  await expect.poll(names).toEqual([bravo.name, alpha.name, charlie.name]);

  // Paging: 26 more secrets from the command line (bin/seed: one process, not 26 start-ups), 25 to a page.
  const seeded = seedSecrets(26, `ZPAGE_${t}_`);
  expect(seeded.code, seeded.stderr).toBe(0);
  await page.goto(`/secrets?q=ZPAGE_${t}&size=25`);
  await expect(page.getByTestId("page-range")).toHaveText("1–25 of 26");
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(25);
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("page-range")).toHaveText("26–26 of 26");
  await page.goBack();
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(25);
  await page.getByLabel("Rows per page").selectOption("50");
  await expect(page).toHaveURL(/size=50/);
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(26);

  // Reveal: the value shows in full, line breaks and all, then hides by itself.
  await page.goto(`/secrets?q=DASH_${t}`);
  await confirmIdentity(page);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: `Reveal ${bravo.name}` }).click();
  const shown = page.getByTestId(`value-${bravo.name}`);
  await expect(shown).toBeVisible();
  expect(await shown.evaluate((el) => el.textContent)).toBe(bravo.value);
  await expect(shown).toHaveCount(0, { timeout: (REVEAL_SECONDS + 3) * 1000 });

  // Copy: straight to the clipboard, byte for byte (a PEM key has line breaks), never shown; cleared after the timer.
  await page.evaluate(() => navigator.clipboard.writeText("before"));
  await menu(page, bravo.name, "Copy value");
  await expect(page.getByText("Copied", { exact: true })).toBeVisible();
  expect(await clipboard(page)).toBe(bravo.value);
  await expect(shown).toHaveCount(0);
  await expect.poll(() => clipboard(page), { timeout: (REVEAL_SECONDS + 3) * 1000 }).toBe("");

  // A read through the CLI shows up in the delete dialog, and confirm waits for the typed name.
  const read = cli(["get", alpha.name]);
  expect(read.stdout).toBe(alpha.value);
  await page.reload();
  await menu(page, alpha.name, "Delete");
  const del = page.getByRole("alertdialog");
  await expect(del.getByTestId("usage-warning")).toContainText("Read 1 time in the last 7 days");
  await expect(del.getByTestId("usage-warning")).toContainText("CLI (cli:");
  const confirmDelete = del.getByRole("button", { name: "Delete", exact: true });
  await expect(confirmDelete).toBeDisabled();
  await del.getByTestId("confirm-name").fill(alpha.name.slice(0, -1));
  await expect(confirmDelete).toBeDisabled();
  await del.getByTestId("confirm-name").fill(alpha.name);
  await expect(confirmDelete).toBeEnabled();
  await del.getByRole("button", { name: "Cancel" }).click();

  // Rename, keeping the old name as an alias: code asking for it still gets the value (a recent sign-in:
  // moving a name is as strong as changing its value).
  const renamed = `DASH_${t}_ALPHA_V2`;
  await confirmIdentity(page);
  await menu(page, alpha.name, "Edit");
  const edit = page.getByRole("dialog", { name: `Edit ${alpha.name}` });
  await edit.getByLabel("Name", { exact: true }).fill(renamed);
  await expect(edit.getByLabel(/Keep .* working as an alias/)).toBeChecked();
  await expect(edit.getByTestId("usage-warning")).toContainText(`Code asking for ${alpha.name} keeps working for 7 days`);
  await expect(edit.getByRole("button", { name: "Rename" })).toBeDisabled();
  await edit.getByTestId("confirm-name").fill(alpha.name);
  await edit.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText(`Saved ${renamed}.`)).toBeVisible();
  await expect(rowOf(page, renamed)).toBeVisible();
  expect(cli(["get", alpha.name]).stdout).toBe(alpha.value);
  expect(cli(["get", renamed]).stdout).toBe(alpha.value);
  const alphaId = await idOf(page, renamed);

  // Change the value (a recent sign-in), then restore the old version from the secret's page.
  const newValue = `alpha-${t}-rotated`;
  await confirmIdentity(page);
  await menu(page, renamed, "Change value");
  const change = page.getByRole("dialog", { name: `Change the value of ${renamed}` });
  await change.getByLabel("New value").fill(newValue);
  await change.getByTestId("confirm-name").fill(renamed);
  await change.getByRole("button", { name: "Change value" }).click();
  await expect(page.getByText(`Changed the value of ${renamed}`)).toBeVisible();
  expect(cli(["get", renamed]).stdout).toBe(newValue);

  await menu(page, renamed, "Versions");
  await expect(page).toHaveURL(new RegExp(`/secrets/${alphaId}#versions$`));
  await expect(page.getByTestId("aliases-table")).toContainText(alpha.name);
  await expect(page.getByTestId("usage-table")).toContainText("CLI (cli:");
  await expect(page.getByTestId("version-2")).toContainText("current");
  expect(await page.content()).not.toContain(newValue);
  await confirmIdentity(page);
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByText("Version 1 is the current value again")).toBeVisible();
  await expect(page.getByTestId("version-3")).toContainText("current");
  expect(cli(["get", renamed]).stdout).toBe(alpha.value);

  // Delete from the secret's page, find it in the trash, restore it (each a recent sign-in).
  await confirmIdentity(page);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const del2 = page.getByRole("alertdialog");
  await del2.getByTestId("confirm-name").fill(renamed);
  await del2.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/secrets$/);
  expect(cli(["get", renamed]).code).not.toBe(0);
  await page.goto("/trash");
  await confirmIdentity(page);
  const trashed = page.getByTestId(`trash-row-${renamed}`);
  await expect(trashed).toContainText("@example.test");
  await trashed.getByRole("button", { name: `Restore ${renamed}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(/^Restored/).first()).toBeVisible();
  await expect(trashed).toHaveCount(0);
  expect(cli(["get", renamed]).stdout).toBe(alpha.value);

  // Every step is in the audit log, and no value is.
  await page.goto(`/audit?secret=${alphaId}`);
  const actions = async () => page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
  await expect
    .poll(actions)
    .toEqual(expect.arrayContaining(["secret.create", "secret.read", "secret.update", "secret.version.restore", "secret.delete", "secret.restore"]));
  expect((await actions()).filter((a) => a === "secret.update")).toHaveLength(2);
  await page.getByRole("button", { name: "Any secret" }).click();
  await expect(page).not.toHaveURL(/secret=/);
  await page.getByLabel("Action").selectOption("secret.copy");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=secret\.copy/);
  await expect(page.getByTestId("audit-row").first()).toContainText(bravo.name);
  await page.goto(`/audit?action=secret.reveal`);
  await expect(page.getByTestId("audit-row").first()).toContainText(bravo.name);
  for (const path of ["/secrets", `/secrets/${alphaId}`, "/trash", "/audit"]) {
    await page.goto(path);
    const html = await page.content();
    for (const v of [alpha.value, newValue, bravo.value, charlie.value, PEM]) expect(html, path).not.toContain(v);
  }
  expect(errors).toEqual([]);
  removeSecrets([renamed, bravo.name, charlie.name]);
});

test("screenshots of every dashboard page: light, dark and a 390 px phone", async ({ createUser, signedIn }, testInfo) => {
  test.setTimeout(180_000);
  createUser("owner");
  const t = tag();
  const long = `DASH_${t}_A_VERY_LONG_NAME_THAT_NEEDS_TRUNCATION_X`.slice(0, 50);
  expect(cli(["create", long, "--description", "A long description that goes on and on to show how the table truncates it with the full text on hover and focus, never overflowing the page"], "v1").code).toBe(0);
  expect(cli(["create", `DASH_${t}_SHOT`, "--description", "Screenshot secret"], "v2").code).toBe(0);
  expect(cli(["get", `DASH_${t}_SHOT`]).code).toBe(0);
  expect(cli(["create", `DASH_${t}_TRASHED`, "--description", "In the trash"], "v3").code).toBe(0);
  expect(cli(["delete", `DASH_${t}_TRASHED`]).code).toBe(0);
  const { page } = await signedIn(createUser("admin"));
  await page.goto(`/secrets?q=DASH_${t}`);
  const id = await idOf(page, `DASH_${t}_SHOT`);

  const shots: [string, string, ((p: Page) => Promise<void>)?][] = [
    ["secrets", "/secrets"],
    ["secrets-dialog", `/secrets?q=DASH_${t}`, (p) => menu(p, `DASH_${t}_SHOT`, "Delete")],
    ["secrets-add", "/secrets", (p) => p.getByRole("button", { name: "Add secret" }).first().click()],
    ["secret", `/secrets/${id}`],
    ["trash", "/trash"],
    ["audit", "/audit"],
  ];
  for (const mode of ["light", "dark", "phone"] as const) {
    await page.emulateMedia({ colorScheme: mode === "dark" ? "dark" : "light" });
    await page.setViewportSize(mode === "phone" ? { width: 390, height: 844 } : { width: 1280, height: 900 });
    for (const [name, path, before] of shots) {
      await page.goto(path);
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
      await shot(page, testInfo, `${name}-${mode}.png`);
    }
  }
  removeSecrets([long, `DASH_${t}_SHOT`]);
  cli(["purge", `DASH_${t}_TRASHED`]);
});

/**
 * Deletes and purges what a test made, so the name-sorted first page other
 * specs look at is not crowded by this one's secrets.
 */
function removeSecrets(names: string[]) {
  for (const name of names) {
    if (cli(["delete", name]).code === 0) cli(["purge", name]);
  }
}

async function shot(page: Page, testInfo: TestInfo, file: string) {
  await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
}
