import http from "node:http";
import { config, ConfigError } from "../config";
import { PROJECT_ROOT } from "../config/paths";
import { bootstrap, type Runtime } from "../runtime/bootstrap";
import { parseArgs } from "../cli/args";
import { buildIfNeeded } from "./build";
import { setupCode } from "../users/setup-code";
import { ACTION_BODY_LIMIT_BYTES } from "../actions/limits";
import { startHousekeeping } from "./housekeeping";
import { installSafeLogging } from "./safe-log";

/**
 * `npm start` (and `npm run dev` with --dev): claim the port, build when
 * needed, open the database (embedded by default) and the keyring, then
 * serve Next.js. Paths that must be fast can be answered here before Next's
 * request pipeline. Any failure is one line on stderr, a non-zero exit, and
 * the embedded database stopped.
 */
const ROOT = PROJECT_ROOT;
const log = (line: string) => process.stdout.write(`[secrets] ${line}\n`);
const warn = (line: string) => process.stderr.write(`[secrets] ${line}\n`);

export async function serve(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { booleans: ["no-build", "dev"] });
  if (args.flags.has("help")) {
    process.stdout.write(
      "usage: secrets serve [--dev] [--no-build]\n\nBuild if needed, migrate, and serve the web app on PORT (default 3000).\n" +
        "--dev runs Next's development server (hot reload) on the same database instead of a production build.\n",
    );
    return 0;
  }
  const dev = args.flags.has("dev");
  const started = performance.now();
  let port: number;
  try {
    port = config().port;
  } catch (err) {
    warn(`cannot start: ${(err as Error).message}`);
    return 1;
  }

  // Every console line of this process (ours, Next's, Auth.js's) is bounded and escaped from here on.
  installSafeLogging();

  // Until Next is ready every request gets a 503, so a load balancer or a test waits rather than failing.
  let handle: http.RequestListener | undefined;
  const server = http.createServer((req, res) => {
    // The client address for throttling and the audit log, set here so a client cannot forge it.
    req.headers["x-secrets-client-ip"] = clientIp(req);
    const tooLarge = actionBodyRefusal(req);
    if (tooLarge) {
      res.writeHead(tooLarge, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      return void res.end(tooLarge === 413 ? "Request too large.\n" : "Content-Length required.\n");
    }
    if (possibleServerAction(req)) answerMalformedActionsWith400(res);
    if (handle) return void handle(req, res);
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "5" });
    res.end("Starting… try again in a few seconds.\n");
  });

  let runtime: Runtime | undefined;
  let stopping = false;
  const stopAll = async () => {
    server.close();
    server.closeAllConnections();
    await runtime?.shutdown();
  };
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    void stopAll().then(() => resolveStopped(0));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await listen(server, port);
    const building = dev || args.flags.has("no-build") ? Promise.resolve(false) : buildIfNeeded(ROOT, log);
    const [, rt] = await Promise.all([building, bootstrap({ log, warn })]);
    runtime = rt;
    if (stopping) return stopped;
    // Loaded here, not at the top: the CLI bundle includes this file, and other commands need no Next.js.
    const { default: next } = await import("next");
    const app = next({ dev, dir: ROOT, port, httpServer: server, quiet: !dev });
    await app.prepare();
    handle = app.getRequestHandler() as http.RequestListener;
  } catch (err) {
    warn(`cannot start: ${describeStartError(err, port)}`);
    await stopAll().catch(() => {});
    return 1;
  }
  const where = runtime.embedded ? `embedded PostgreSQL in ${runtime.config.dataDir}` : "DATABASE_URL";
  const url = runtime.config.publicUrl ?? `http://localhost:${port}`;
  log(`Ready on ${url}${dev ? " (development, hot reload)" : ""} (${where}) in ${Math.round(performance.now() - started)} ms`);
  const stopHousekeeping = startHousekeeping({ log: warn });
  await announceSetup(url);

  const code = await stopped;
  stopHousekeeping();
  return code;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
}

function describeStartError(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE") return `port ${port} is already in use (set PORT to another port, or stop the other server)`;
  if (code === "EACCES") return `no permission to listen on port ${port} (use a port above 1023)`;
  if (err instanceof ConfigError) return err.message;
  const first = (err instanceof Error ? err.message : String(err)).split("\n").find((l) => l.trim()) ?? "unknown error";
  return first.slice(0, 2000);
}

/** A fresh install: say where to create the owner, with the one-time setup code (lib/users/setup-code.ts). */
async function announceSetup(url: string) {
  const code = await setupCode().catch(() => null);
  if (code) log(`First run: open ${url}/setup and enter the setup code ${code}`);
}

/**
 * Server action bodies are bounded before Next reads them: browsers always
 * send a Content-Length, so a chunked one (unknown size) or one over the
 * limit is refused here instead of ending as a 500 deep inside Next.
 */
function actionBodyRefusal(req: http.IncomingMessage): 411 | 413 | null {
  if (!possibleServerAction(req)) return null;
  const length = req.headers["content-length"];
  if (length === undefined) return 411;
  return Number(length) > ACTION_BODY_LIMIT_BYTES ? 413 : null;
}

/**
 * What Next may treat as a server action: a POST with the Next-Action header,
 * or a form post (multipart or urlencoded) to a page — the no-JavaScript
 * path, whose action id travels in the body. Route handlers under /api/ are
 * not actions.
 */
function possibleServerAction(req: http.IncomingMessage): boolean {
  if (req.method !== "POST" || req.url?.startsWith("/api/")) return false;
  if (req.headers["next-action"]) return true;
  return /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(req.headers["content-type"] ?? "");
}

/**
 * Every action is built with defineAction, which turns every error into a
 * result; so a 500 on an action POST means Next could not even decode the
 * request (a body our UI never sends). Say so with a 400, not a 500.
 */
function answerMalformedActionsWith400(res: http.ServerResponse) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    return (writeHead as (...args: unknown[]) => http.ServerResponse).call(this, status === 500 ? 400 : status, ...rest);
  } as typeof res.writeHead;
}

function clientIp(req: http.IncomingMessage): string {
  if (config().trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (forwarded.length) return forwarded[forwarded.length - 1]!;
  }
  return req.socket.remoteAddress ?? "unknown";
}
