import { spawnSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { base32Decode, stepAt, totpCode } from "../lib/users/totp";
import { E2E_ENV } from "./env";

export const PASSWORD = "correct horse battery staple";

/** bin/secrets against the e2e server's database. */
export function cli(args: string[], input = "") {
  const r = spawnSync(process.execPath, ["bin/secrets", ...args], { input, env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** bin/seed: `count` secrets named prefix + random hex, in one process (fast; bin/secrets create costs a start-up each). */
export function seedSecrets(count: number, prefix: string) {
  const r = spawnSync(process.execPath, ["bin/seed", "--secrets", String(count), "--prefix", prefix], { env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Proves the password again (/reauth), so the next reveal, copy or value change counts as a recent sign-in; returns to the page it was on. */
export async function confirmIdentity(page: Page, password = PASSWORD) {
  const here = new URL(page.url());
  const back = here.pathname + here.search;
  await page.goto(`/reauth?next=${encodeURIComponent(back)}`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.waitForURL((u) => u.pathname + u.search === back);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
}

/** Turns on two-factor sign-in from /account like a user with an authenticator app; returns its secret and recovery codes. */
export async function enrolTwoFactor(page: Page) {
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = base32Decode((await page.getByTestId("totp-secret").textContent())!);
  await page.getByLabel("Code from the app").fill(totpCode(secret, stepAt(Date.now())));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  return { secret, codes };
}
