#!/usr/bin/env node
// Proves, on every run, that the test runners can fail: each runs one test
// that fails on purpose, through the project's real configuration (global
// set-up and embedded PostgreSQL included), and must exit non-zero. Until
// this held, a dependency's exit hook turned failed runs into exit code 0.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runners = [
  ["vitest", ["node_modules/vitest/vitest.mjs", "run"]],
  ["playwright", ["node_modules/@playwright/test/cli.js", "test"]],
];
let broken = false;
for (const [name, args] of runners) {
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, SECRETS_TEST_FIXTURE: "fail" },
    encoding: "utf8",
  });
  const ok = r.status !== 0 && r.status !== null && /fails on purpose/.test(r.stdout + r.stderr);
  process.stdout.write(`can-fail: ${name} on a failing fixture exited ${r.status} ${ok ? "(good)" : "(BROKEN: a failing test would pass CI)"}\n`);
  if (!ok) {
    process.stdout.write((r.stdout + r.stderr).slice(-3000) + "\n");
    broken = true;
  }
}
process.exit(broken ? 1 : 0);
