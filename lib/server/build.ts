import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * `npm start` builds only when the sources changed since the last build: a
 * hash of everything Next compiles is kept next to the build output.
 */
const INPUTS = ["app", "components", "lib", "public", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

export function sourceHash(root: string): string {
  const hash = crypto.createHash("sha256");
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) {
        if (!SKIP.has(name) && !name.endsWith(".test.ts")) visit(path.join(rel, name));
      }
    } else {
      hash.update(rel).update("\0").update(fs.readFileSync(abs)).update("\0");
    }
  };
  INPUTS.forEach(visit);
  return hash.digest("hex");
}

export async function buildIfNeeded(root: string, log: (line: string) => void): Promise<boolean> {
  const stamp = path.join(root, ".next", "source-hash");
  const want = sourceHash(root);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : "";
  if (have === want && fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  log("Building the web app (first start or changed sources)…");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed:\n${output.slice(-4000)}`))));
  });
  fs.writeFileSync(stamp, want);
  return true;
}
