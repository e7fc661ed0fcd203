import { spawn, spawnSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { base32Decode, stepAt, totpCode } from "../lib/users/totp";
import { E2E_ENV } from "./env";

export const PASSWORD = "correct horse battery staple";

/** bin/secrets against the e2e server's database. */
export function cli(args: string[], input = "") {
  const r = spawnSync(process.execPath, ["bin/secrets", ...args], { input, env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** bin/secrets without blocking, so several can run at once (seeding many secrets). */
export function cliAsync(args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/secrets", ...args], { env: { ...process.env, ...E2E_ENV } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
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
