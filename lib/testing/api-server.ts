import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import selfsigned from "selfsigned";
import { BIN } from "./cli";
import { freePort } from "./ports";

/**
 * Starts the real server (`node bin/secrets serve`) in a child process, as an
 * operator would, on this test file's own database (DATABASE_URL,
 * DATABASE_OWNER_URL and SECRETS_ROOT_KEY come from lib/testing/setup.ts).
 * Several servers may share the database (the multi-instance tests). With
 * `tls: true` it serves https with a throwaway CA generated for this server.
 */
export type TestServer = {
  /** Base URL without a trailing slash, e.g. https://localhost:41234. */
  url: string;
  port: number;
  pid: number;
  /** PEM of the CA that signed the server's certificate (tls only): give it to children as NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  /** The environment the server runs with (a child process that must reach it can use it too). */
  env: Record<string, string>;
  /** The certificate files the server reads (tls only): replace them and send SIGHUP to test reloads. */
  tlsFiles?: { certFile: string; keyFile: string };
  /** The throwaway CA and the certificate the server started with (tls only); the CA can sign a renewal. */
  certificates?: TestCertificates;
  /** What the server printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** One request from this process, trusting the test CA; the body is read whole. */
  request(pathname: string, init?: RequestInit): Promise<TestResponse>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
};

export type TestResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; json(): unknown };
type RequestInit = { method?: string; headers?: Record<string, string>; body?: string | Buffer };

/** Test processes and tool variables that would make the server behave unlike a real start. */
const NOT_INHERITED = ["NODE_ENV", "NODE_OPTIONS", "VITEST", "VITEST_MODE", "VITEST_POOL_ID", "VITEST_WORKER_ID", "TEST", "NODE_EXTRA_CA_CERTS"];

export async function startServer(opts: { apiOnly?: boolean; tls?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-server-"));
  const tls = opts.tls ? await writeTestCertificates(dir) : undefined;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !NOT_INHERITED.includes(k)) env[k] = v;
  Object.assign(env, {
    PORT: String(port),
    SECRETS_DATA_DIR: path.join(dir, "data"),
    NEXT_TELEMETRY_DISABLED: "1",
    ...(tls ? { SECRETS_TLS_CERT_FILE: tls.certFile, SECRETS_TLS_KEY_FILE: tls.keyFile } : {}),
    ...opts.env,
  });
  const scheme = tls ? "https" : "http";
  const url = `${scheme}://localhost:${port}`;

  const child = spawn(process.execPath, [BIN, "serve", ...(opts.apiOnly ? ["--api-only"] : [])], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const ca = tls ? fs.readFileSync(tls.caFile) : undefined;
  const server: TestServer = {
    url,
    port,
    pid: child.pid!,
    caFile: tls?.caFile,
    env,
    tlsFiles: tls ? { certFile: tls.certFile, keyFile: tls.keyFile } : undefined,
    certificates: tls,
    output: () => output,
    request: (pathname, init) => request(`${url}${pathname}`, init, ca),
    stop,
  };

  // "Ready on" is printed once everything this mode serves is answering.
  const timeoutMs = opts.apiOnly ? 60_000 : 300_000;
  const ready = await Promise.race([
    waitFor(() => /\] Ready on /.test(output), timeoutMs).then(() => "ready" as const),
    exited.then((code) => `exited with code ${code}` as const),
  ]).catch((err: Error) => err.message);
  if (ready !== "ready") {
    await stop();
    throw new Error(`the server did not start (${ready}); its output:\n${output}`);
  }
  return server;
}

/** Polls a condition (e.g. a log line) every 20 ms. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what = "condition"): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One request on a fresh connection (no keep-alive), trusting `ca` for https. */
export function request(url: string, init: RequestInit = {}, ca?: Buffer | string): Promise<TestResponse> {
  const target = new URL(url);
  const mod = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(target, { method: init.method ?? "GET", headers: init.headers, agent: false, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export type TestCertificates = {
  /** PEM of a throwaway CA (trust it with NODE_EXTRA_CA_CERTS or a `ca` option). */
  caCert: string;
  caKey: string;
  /** PEM of a server certificate for localhost, 127.0.0.1 and ::1, signed by the CA, and its key. */
  cert: string;
  key: string;
  /** SHA-256 fingerprint of `cert` as Node prints it (AA:BB:…), to compare with getPeerCertificate().fingerprint256. */
  fingerprint256: string;
};

/**
 * A CA and a server certificate signed by it, made at test time (EC P-256,
 * valid one day). A CA passed in signs another server certificate (a renewal).
 * Keys are never committed: they live in memory and in temporary folders.
 */
export async function generateTestCertificates(ca?: { caCert: string; caKey: string }): Promise<TestCertificates> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 86_400_000);
  const authority: { caCert: string; caKey: string } =
    ca ??
    (await selfsigned
      .generate([{ name: "commonName", value: `secrets-manager test CA ${crypto.randomBytes(4).toString("hex")}` }], {
        keyType: "ec",
        algorithm: "sha256",
        notBeforeDate,
        notAfterDate,
        extensions: [
          { name: "basicConstraints", cA: true, critical: true },
          { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ],
      })
      .then((p) => ({ caCert: p.cert, caKey: p.private })));
  const leaf = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { cert: authority.caCert, key: authority.caKey },
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { ...authority, cert: leaf.cert, key: leaf.private, fingerprint256: new crypto.X509Certificate(leaf.cert).fingerprint256 };
}

/** Writes a fresh CA and server certificate into dir (private to this user). */
export async function writeTestCertificates(dir: string): Promise<TestCertificates & { caFile: string; certFile: string; keyFile: string }> {
  const certs = await generateTestCertificates();
  const files = { caFile: path.join(dir, "ca.pem"), certFile: path.join(dir, "cert.pem"), keyFile: path.join(dir, "key.pem") };
  fs.writeFileSync(files.caFile, certs.caCert);
  fs.writeFileSync(files.certFile, certs.cert);
  fs.writeFileSync(files.keyFile, certs.key, { mode: 0o600 });
  return { ...certs, ...files };
}
