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
  log("Building the web app (first start or changed sources; about a minute on 2 cores)…");
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    // Show Next's progress lines as they come, and a heartbeat when it is quiet for long.
    let output = "";
    let quietSince = Date.now();
    const heartbeat = setInterval(() => {
      if (Date.now() - quietSince >= 15_000) {
        log(`  … still building (${Math.round((Date.now() - started) / 1000)} s)`);
        quietSince = Date.now();
      }
    }, 5_000);
    const onData = (d: Buffer) => {
      output = (output + d).slice(-8000);
      for (const line of String(d).split("\n")) {
        const text = line.replace(/\x1b\[[0-9;]*m/g, "").trim();
        if (text && /^(✓|Creating|Compiled|Collecting|Generating|Finalizing|Running|Linting|Checking)/.test(text)) {
          log(`  ${text}`);
          quietSince = Date.now();
        }
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (output = (output + d).slice(-8000)));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new Error(`next build failed:\n${output.slice(-4000)}`));
    });
  });
  log(`Built in ${Math.round((Date.now() - started) / 1000)} s`);
  fs.writeFileSync(stamp, want);
  return true;
}
