import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

/**
 * sdk/ is committed (a path or git install of this package runs no build),
 * so it must be exactly what lib/sdk/index.ts compiles to: rebuild into a
 * temporary folder with the same tsconfig and compare byte for byte.
 */
const root = path.resolve(import.meta.dirname, "../..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-sdk-build-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

it("sdk/ is up to date with lib/sdk/index.ts (run `npm run build:sdk` and commit sdk/)", async () => {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.sdk.json", "--outDir", out], { cwd: root });
  const built = fs.readdirSync(out).sort();
  expect(built).toEqual(["index.d.ts", "index.js"]);
  expect(fs.readdirSync(path.join(root, "sdk")).sort()).toEqual(built);
  for (const file of built) {
    expect(fs.readFileSync(path.join(root, "sdk", file), "utf8"), `sdk/${file} is stale`).toBe(fs.readFileSync(path.join(out, file), "utf8"));
  }
});
