import { spawnSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { E2E_ENV } from "./env";

export const PASSWORD = "correct horse battery staple";

/** bin/secrets against the e2e server's database. */
export function cli(args: string[], input = "") {
  const r = spawnSync(process.execPath, ["bin/secrets", ...args], { input, env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
}
