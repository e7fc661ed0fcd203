import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError } from "./io";

/**
 * Local or remote mode. Remote mode (the REST API with a token) is on when
 * SECRETS_URL is set, or after `secrets login URL` saved a URL and token in
 * the user's config folder; otherwise the CLI works on the database. The
 * environment wins over the saved login, and a saved token is only ever
 * sent to the URL it was saved for.
 */
export type RemoteSettings = { url: string; token: string; allowInsecureHttp: boolean; from: "environment" | "login" };

export type Mode =
  | { kind: "local" }
  | { kind: "remote"; settings: RemoteSettings }
  /** A URL but no token: remote commands fail with `problem`, which names what to set. */
  | { kind: "remote"; settings?: undefined; url: string; problem: string };

type Env = Record<string, string | undefined>;

/** $XDG_CONFIG_HOME/secrets-manager/credentials.json, or ~/.config/…; XDG_CONFIG_HOME counts only when absolute (as the spec says). */
export function credentialsFile(env: Env = process.env): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".config");
  return path.join(base, "secrets-manager", "credentials.json");
}

export type Credentials = { url: string; token: string };

/** The saved login, if any. A file that is there but unreadable is an error naming it (never silently local mode). */
export function readCredentials(file = credentialsFile()): Credentials | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"}): fix its permissions, or run secrets logout`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const c = parsed as Partial<Credentials> | undefined;
  if (typeof c?.url !== "string" || typeof c.token !== "string" || !c.url || !c.token) {
    throw new CliError(`${file} is not a saved login (expected {"url","token"}): run secrets login URL again, or secrets logout`);
  }
  return { url: c.url, token: c.token };
}

export function detectMode(env: Env = process.env, file = credentialsFile(env)): Mode {
  const envUrl = env.SECRETS_URL?.trim() ?? "";
  const envToken = env.SECRETS_TOKEN?.trim() ?? "";
  const saved = readCredentials(file);
  const url = envUrl || saved?.url || "";
  if (!url) return { kind: "local" };
  const allowInsecureHttp = /^(1|true|yes)$/i.test(env.SECRETS_ALLOW_HTTP ?? "");
  if (envToken) return { kind: "remote", settings: { url, token: envToken, allowInsecureHttp, from: "environment" } };
  if (saved && sameServer(saved.url, url)) return { kind: "remote", settings: { url, token: saved.token, allowInsecureHttp, from: "login" } };
  return {
    kind: "remote",
    url,
    problem: `SECRETS_URL is set (${url}) but SECRETS_TOKEN is not: set it to an API token, or run secrets login ${url}`,
  };
}

/** The same server: a saved token never goes to another origin or base path. */
function sameServer(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.origin === y.origin && x.pathname.replace(/\/+$/, "") === y.pathname.replace(/\/+$/, "");
  } catch {
    return false;
  }
}

/**
 * Saves a login: the folder private to the user (0700), the file 0600,
 * written under a temporary name and renamed, so a reader never sees half
 * a file and the token is never readable by others, even for a moment.
 */
export function saveCredentials(credentials: Credentials, file = credentialsFile()): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(credentials, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Removes the saved login; false when there was none. */
export function removeCredentials(file = credentialsFile()): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}
