import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests beside the code; integration tests use a real PostgreSQL: the
// embedded one (started once by global-setup) or DATABASE_URL's server, with
// a fresh database per test file.
export default defineConfig({
  resolve: {
    alias: {
      "server-only": path.resolve(import.meta.dirname, "lib/shims/server-only.ts"),
      "@": import.meta.dirname,
    },
  },
  test: {
    // .ci/can-fail.mjs swaps in a test that fails on purpose, with everything else as usual.
    include: process.env.SECRETS_TEST_FIXTURE === "fail" ? [".ci/fixtures/fails.unit.ts"] : ["lib/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // next-auth imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
  },
});
