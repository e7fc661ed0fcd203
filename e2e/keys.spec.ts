import crypto from "node:crypto";
import { stepAt, totpCode } from "../lib/users/totp";
import { cli, enrolTwoFactor, PASSWORD } from "./helpers";
import type { Page } from "@playwright/test";
import { expect, test, unique } from "./fixtures";

// Processes stay coherent: the server keeps running while bin/secrets (another
// process) rotates the root key and the KEK; it must go on revealing values
// and signing in with a second factor (TOTP secrets are encrypted under a key
// derived from the root key) without a restart.
const secretName = (prefix: string) => unique(prefix).replace(/-/g, "_").toUpperCase();

async function reveal(page: Page, s: { name: string; value: string }) {
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: `Reveal ${s.name}` }).click();
  await expect(page.getByTestId(`value-${s.name}`)).toHaveText(s.value);
}

function rotateRootAndKek() {
  const rotated = cli(["keys", "rotate-root"], crypto.randomBytes(32).toString("base64"));
  // The confirmation line only (on stderr since the CLI's issue 9): no warning.
  expect(rotated.stderr).toMatch(/^Keyring re-wrapped under local:[0-9a-f]{16}; .* now holds the new key\n$/);
  expect(rotated.code).toBe(0);
  const kek = cli(["keys", "rotate"]);
  expect(kek.code, kek.stderr).toBe(0);
}

test("after keys rotate-root and keys rotate by the CLI, the running server reveals old values and ones under the new KEK", async ({ createUser, signedIn }) => {
  createUser("owner");
  const before = { name: secretName("E2E_KEYS_OLD"), value: unique("old-value") };
  expect(cli(["create", before.name], before.value).code).toBe(0);
  const { page } = await signedIn(createUser("admin"));
  await page.goto("/secrets?q=E2E_KEYS");
  // The server's keyring is open (with the old root key) before the rotation.
  await reveal(page, before);

  rotateRootAndKek();
  const after = { name: secretName("E2E_KEYS_NEW"), value: unique("new-value") };
  expect(cli(["create", after.name], after.value).code).toBe(0);

  await page.goto("/secrets?q=E2E_KEYS");
  await reveal(page, before);
  await reveal(page, after);
});

test("after keys rotate-root by the CLI, the running server signs in with a code (TOTP under a root-derived key)", async ({ createUser, anonymous }) => {
  createUser("owner");
  const admin = createUser("admin");
  const { page } = await anonymous();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(admin);
  const { secret } = await enrolTwoFactor(page);

  rotateRootAndKek();

  // The code is checked against the TOTP secret the rotation re-encrypted.
  await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(admin);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Authentication code").fill(totpCode(secret, stepAt(Date.now()) + 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(admin);
});
