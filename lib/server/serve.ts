import http from "node:http";
import { config, ConfigError } from "../config";
import { PROJECT_ROOT } from "../config/paths";
import { bootstrap, type Runtime } from "../runtime/bootstrap";
import { purgeExpiredTrash } from "../secrets/service";
import { parseArgs } from "../cli/args";
import { buildIfNeeded } from "./build";

/**
 * `npm start`: build when needed, open the database (embedded by default)
 * and the keyring, then serve Next.js on PORT. Paths that must be fast can
 * be answered here before Next's request pipeline.
 */
const ROOT = PROJECT_ROOT;
const log = (line: string) => process.stdout.write(`[secrets] ${line}\n`);
const warn = (line: string) => process.stderr.write(`[secrets] ${line}\n`);

export async function serve(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { booleans: ["no-build"] });
  if (args.flags.has("help")) {
    process.stdout.write("usage: secrets serve [--no-build]\n\nBuild if needed, migrate, and serve the web app on PORT (default 3000).\n");
    return 0;
  }
  const started = performance.now();
  let rt: Runtime | undefined;
  try {
    const [, runtime] = await Promise.all([
      args.flags.has("no-build") ? Promise.resolve(false) : buildIfNeeded(ROOT, log),
      bootstrap({ log, warn }),
    ]);
    rt = runtime;
  } catch (err) {
    await rt?.shutdown();
    warn(err instanceof ConfigError ? `cannot start: ${err.message}` : `cannot start: ${err instanceof Error ? err.message : err}`);
    return 1;
  }
  const runtime = rt;

  // Loaded here, not at the top: the CLI bundle includes this file, and other commands need no Next.js.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: ROOT, port: runtime.config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    // The client address for throttling and the audit log, set here so a client cannot forge it.
    req.headers["x-secrets-client-ip"] = clientIp(req);
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(runtime.config.port, resolve);
  });
  const where = runtime.embedded ? `embedded PostgreSQL in ${runtime.config.dataDir}` : "DATABASE_URL";
  log(`Ready on http://localhost:${runtime.config.port} (${where}) in ${Math.round(performance.now() - started)} ms`);

  const system = { id: "system:trash-purge", source: "server" };
  const purge = setInterval(() => void purgeExpiredTrash(system).catch(() => {}), 3_600_000).unref();
  void purgeExpiredTrash(system).catch(() => {});

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: shutting down`);
      clearInterval(purge);
      server.close();
      server.closeAllConnections();
      await runtime.shutdown();
      resolve(0);
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  });
}

function clientIp(req: http.IncomingMessage): string {
  if (config().trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (forwarded.length) return forwarded[forwarded.length - 1]!;
  }
  return req.socket.remoteAddress ?? "unknown";
}
