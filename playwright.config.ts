import { defineConfig, devices } from "@playwright/test";
import { chromiumPath, E2E_ENV, E2E_PORT } from "./e2e/env";

// .ci/can-fail.mjs swaps in a browser test that fails on purpose (no app server needed).
const canFail = process.env.SECRETS_TEST_FIXTURE === "fail";

export default defineConfig({
  testDir: canFail ? ".ci/fixtures" : "e2e",
  testMatch: canFail ? "fails.e2e.ts" : "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath(),
          args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: canFail ? undefined : {
    command: `node -e "require('fs').rmSync(process.env.SECRETS_DATA_DIR,{recursive:true,force:true})" && node bin/secrets serve`,
    url: `http://localhost:${E2E_PORT}`,
    env: E2E_ENV,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
