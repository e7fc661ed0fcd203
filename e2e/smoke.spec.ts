import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { E2E_ENV } from "./env";

function cli(args: string[], input = "") {
  return spawnSync(process.execPath, ["bin/secrets", ...args], { input, env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
}

test("the app starts on the embedded database with the keyring unlocked", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Secrets Manager" })).toBeVisible();
  await expect(page.getByTestId("db-status")).toHaveText("connected");
  await expect(page.getByTestId("keyring-status")).toHaveText("unlocked");
  await page.screenshot({ path: "test-results/home.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("the CLI shares the running server's database, and no page shows a value", async ({ page, request }) => {
  const value = `e2e-value-${Date.now()}`;
  const created = cli(["create", "E2E_SMOKE"], value);
  expect(created.stderr).toBe("");
  expect(created.status).toBe(0);
  expect(cli(["get", "E2E_SMOKE"]).stdout).toBe(value);

  await page.goto("/");
  expect(await page.content()).not.toContain(value);
  const rsc = await request.get("/", { headers: { RSC: "1" } });
  expect(await rsc.text()).not.toContain(value);
});
