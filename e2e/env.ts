import fs from "node:fs";
import path from "node:path";

/**
 * The app under test: `bin/secrets serve` on its own port with its own
 * embedded PostgreSQL in .data/e2e-<port>, wiped before each run.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3299);
/** A test-only client secret of the test-only provider. */
export const OIDC_CLIENT_SECRET = "e2e-only-client-secret-not-used-anywhere-else";
export const E2E_ENV: Record<string, string> = {
  PORT: String(E2E_PORT),
  DATABASE_URL: "",
  SECRETS_ROOT_KEY: "",
  SECRETS_DATA_DIR: path.resolve(`.data/e2e-${E2E_PORT}`),
  SECRETS_EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54330",
  NEXT_TELEMETRY_DISABLED: "1",
  // 30 seconds, so the recent-authentication prompt can be reached in a test.
  SECRETS_RECENT_AUTH_MINUTES: "0.5",
  // A revealed value hides (and a copied one leaves the clipboard) after 4 seconds instead of 30.
  SECRETS_REVEAL_SECONDS: "4",
  // As behind a reverse proxy: X-Forwarded-Proto decides https (HSTS), e2e/hardening.spec.ts.
  SECRETS_TRUST_PROXY: "1",
  // Single sign-on against the OpenID Connect provider that e2e/oidc.spec.ts starts on loopback.
  SECRETS_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
  SECRETS_OIDC_CLIENT_ID: "secrets-e2e",
  SECRETS_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
  SECRETS_OIDC_NAME: "Example SSO",
  SECRETS_OIDC_MEMBER_DOMAINS: "sso.example.test",
};

/** Debian's Chromium where Playwright's own browser cannot be downloaded. */
export function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
}
