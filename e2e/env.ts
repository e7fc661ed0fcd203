import fs from "node:fs";
import path from "node:path";

/**
 * The app under test: `bin/secrets serve` on its own port with its own
 * embedded PostgreSQL in .data/e2e, wiped before each run.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_ENV: Record<string, string> = {
  PORT: String(E2E_PORT),
  DATABASE_URL: "",
  SECRETS_ROOT_KEY: "",
  SECRETS_DATA_DIR: path.resolve(".data/e2e"),
  SECRETS_EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54330",
  NEXT_TELEMETRY_DISABLED: "1",
};

/** Debian's Chromium where Playwright's own browser cannot be downloaded. */
export function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
}
