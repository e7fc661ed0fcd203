import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cli } from "../testing/cli";
import { freePort } from "../testing/ports";
import { generateTestCertificates, request, startServer, waitFor, type TestCertificates, type TestServer } from "../testing/api-server";
import { readTlsFiles, STRICT_TRANSPORT_SECURITY, TlsFileError } from "./tls";

/**
 * https served by the app itself: the certificate files are checked before
 * the start (one line naming the variable), every response carries HSTS, a
 * child process that trusts the throwaway CA through NODE_EXTRA_CA_CERTS
 * (as a user's service would) gets through and one that does not is
 * refused, and SIGHUP swaps the certificate for new connections, keeping the
 * old one when the new files are bad.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-tls-test-"));
let certs: TestCertificates;
let other: TestCertificates;

beforeAll(async () => {
  [certs, other] = await Promise.all([generateTestCertificates(), generateTestCertificates()]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

/** Replaces a file the way a renewal tool should (write aside, rename over). */
function replace(file: string, content: string) {
  fs.writeFileSync(`${file}.new`, content, { mode: 0o600 });
  fs.renameSync(`${file}.new`, file);
}

/** The certificate a new TLS connection to localhost:port is shown. */
function peerFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "localhost", port, servername: "localhost", ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on("error", reject);
  });
}

/** A separate Node process fetches the URLs (global fetch) and prints status, HSTS and body, or the error's code. */
async function fetchFromChild(urls: string[], env: Record<string, string | undefined>): Promise<Array<{ status?: number; hsts?: string | null; body?: string; error?: string }>> {
  const script = `
    const out = [];
    for (const url of JSON.parse(process.argv[1])) {
      try {
        const res = await fetch(url);
        out.push({ status: res.status, hsts: res.headers.get("strict-transport-security"), body: await res.text() });
      } catch (err) {
        out.push({ error: String(err.cause?.code ?? err.cause?.message ?? err.message) });
      }
    }
    process.stdout.write(JSON.stringify(out));`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: undefined, ...env };
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(urls)], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`child failed (${code}): ${stderr}`);
  return JSON.parse(stdout);
}

describe("readTlsFiles", () => {
  it("accepts a certificate with its key and reports its fingerprint", () => {
    const m = readTlsFiles({ certFile: write("ok.crt", certs.cert), keyFile: write("ok.key", certs.key) });
    expect(m.fingerprint256).toBe(certs.fingerprint256);
    expect(m.validTo.getTime()).toBeGreaterThan(Date.now());
  });

  it("names the variable and the file of what is wrong, never the contents", () => {
    const certFile = write("c.crt", certs.cert);
    const keyFile = write("c.key", certs.key);
    const cases: Array<[{ certFile: string; keyFile: string }, RegExp]> = [
      [{ certFile: path.join(dir, "missing.crt"), keyFile }, /^SECRETS_TLS_CERT_FILE \(.*missing\.crt\) cannot be read: ENOENT$/],
      [{ certFile, keyFile: path.join(dir, "missing.key") }, /^SECRETS_TLS_KEY_FILE \(.*missing\.key\) cannot be read: ENOENT$/],
      [{ certFile: dir, keyFile }, /^SECRETS_TLS_CERT_FILE \(.*\) cannot be read: EISDIR$/],
      // A key where the certificate belongs (files swapped).
      [{ certFile: write("swapped.crt", certs.key), keyFile: write("swapped.key", certs.cert) }, /^SECRETS_TLS_CERT_FILE \(.*swapped\.crt\) holds no PEM certificate$/],
      [{ certFile, keyFile: write("garbage.key", "not a key\n") }, /^SECRETS_TLS_KEY_FILE \(.*garbage\.key\) holds no usable PEM private key/],
      [{ certFile, keyFile: write("other.key", other.key) }, /^SECRETS_TLS_KEY_FILE \(.*other\.key\) is not the private key of the certificate in SECRETS_TLS_CERT_FILE/],
    ];
    for (const [files, message] of cases) {
      let error: unknown;
      try {
        readTlsFiles(files);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(files)).toBeInstanceOf(TlsFileError);
      const text = (error as Error).message;
      expect(text).toMatch(message);
      expect(text).not.toContain("BEGIN");
      expect(text).not.toContain(other.key.split("\n")[1]!.slice(0, 20));
    }
  });
});

describe("serve refuses to start with unusable TLS settings", () => {
  it("stops with one line naming the variable, before opening the database", async () => {
    const port = await freePort();
    const keyFile = write("start.key", other.key);
    const certFile = write("start.crt", certs.cert);
    const runs = await Promise.all([
      cli(["serve", "--api-only"], { env: { PORT: String(port), SECRETS_TLS_CERT_FILE: path.join(dir, "nope.crt"), SECRETS_TLS_KEY_FILE: keyFile } }),
      cli(["serve", "--api-only"], { env: { PORT: String(port), SECRETS_TLS_CERT_FILE: certFile, SECRETS_TLS_KEY_FILE: keyFile } }),
      cli(["serve", "--api-only"], { env: { PORT: String(port), SECRETS_TLS_CERT_FILE: certFile, SECRETS_TLS_KEY_FILE: "" } }),
    ]);
    const expected = [/SECRETS_TLS_CERT_FILE \(.*nope\.crt\) cannot be read: ENOENT/, /SECRETS_TLS_KEY_FILE \(.*start\.key\) is not the private key/, /needs both SECRETS_TLS_CERT_FILE and SECRETS_TLS_KEY_FILE/];
    runs.forEach((run, i) => {
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^\[secrets\] cannot start: /);
      expect(run.stderr).toMatch(expected[i]!);
      expect(run.stdout).toBe("");
    });
  });
});

describe("https (serve --api-only with SECRETS_TLS_CERT_FILE / SECRETS_TLS_KEY_FILE)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ apiOnly: true, tls: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("announces the https URL", () => {
    expect(server.url).toBe(`https://localhost:${server.port}`);
    expect(server.output()).toContain(`Ready on https://localhost:${server.port} (REST API only)`);
    expect(server.output()).toMatch(/TLS: .*CN=localhost.*valid until/);
  });

  it("serves a process that trusts the CA (NODE_EXTRA_CA_CERTS), with HSTS on every response", async () => {
    const [api, other] = await fetchFromChild([`${server.url}/api/v1/secrets`, `${server.url}/sign-in`], { NODE_EXTRA_CA_CERTS: server.caFile });
    for (const res of [api!, other!]) {
      expect(res.error).toBeUndefined();
      expect(res.hsts).toBe(STRICT_TRANSPORT_SECURITY);
      // Wix's error envelope, whatever the API answers an anonymous caller.
      expect(JSON.parse(res.body!)).toMatchObject({ message: expect.any(String), details: { applicationError: { code: expect.any(String) } } });
    }
    expect(api!.status).not.toBe(503);
    // --api-only: no web app behind the API.
    expect(other!.status).toBe(404);
    expect(JSON.parse(other!.body!).details.applicationError.code).toBe("NOT_FOUND");
  });

  it("is refused by a process that does not trust the CA", async () => {
    const [res] = await fetchFromChild([`${server.url}/api/v1/secrets`], {});
    expect(res!.status).toBeUndefined();
    expect(res!.error).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
  });

  it("SIGHUP: new connections get the renewed certificate; bad files keep the current one with one log line", async () => {
    const { certFile, keyFile } = server.tlsFiles!;
    const ca = server.certificates!.caCert;
    const started = server.certificates!.fingerprint256;
    expect(await peerFingerprint(server.port, ca)).toBe(started);

    const renewed = await generateTestCertificates(server.certificates);
    expect(renewed.fingerprint256).not.toBe(started);
    replace(certFile, renewed.cert);
    replace(keyFile, renewed.key);
    process.kill(server.pid, "SIGHUP");
    await waitFor(() => server.output().includes("SIGHUP: TLS certificate reloaded"), 10_000, "the reload line");
    expect(await peerFingerprint(server.port, ca)).toBe(renewed.fingerprint256);

    // Half a renewal: a new certificate with the old key. Nothing changes, and the log says why once.
    const next = await generateTestCertificates(server.certificates);
    replace(certFile, next.cert);
    process.kill(server.pid, "SIGHUP");
    await waitFor(() => server.output().includes("SIGHUP: kept the current TLS certificate"), 10_000, "the refusal line");
    const refusals = server.output().split("\n").filter((l) => l.includes("kept the current TLS certificate"));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/SECRETS_TLS_KEY_FILE \(.*\) is not the private key of the certificate in SECRETS_TLS_CERT_FILE/);
    expect(await peerFingerprint(server.port, ca)).toBe(renewed.fingerprint256);

    // A file that is not a certificate at all: same.
    replace(certFile, "garbage\n");
    process.kill(server.pid, "SIGHUP");
    await waitFor(() => server.output().split("\n").filter((l) => l.includes("kept the current TLS certificate")).length === 2, 10_000, "a second refusal line");
    expect(server.output()).toMatch(/kept the current TLS certificate: SECRETS_TLS_CERT_FILE \(.*\) holds no PEM certificate/);
    expect(await peerFingerprint(server.port, ca)).toBe(renewed.fingerprint256);

    // The server still answers, and the whole log never held key material.
    const res = await server.request("/api/v1/secrets");
    expect(res.headers["strict-transport-security"]).toBe(STRICT_TRANSPORT_SECURITY);
    for (const key of [certs.key, renewed.key, next.key, server.certificates!.key]) expect(server.output()).not.toContain(key.split("\n")[1]!);
  });
});

describe("before the database is ready", () => {
  it("the API answers 503 with Retry-After and the error envelope; other paths of --api-only 404", async () => {
    // A "database" that accepts connections and never answers keeps the server starting.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const dbPort = (silent.address() as net.AddressInfo).port;
    const port = await freePort();
    const url = `postgresql://nobody:nothing@127.0.0.1:${dbPort}/none`;
    const child = spawn(process.execPath, [BIN, "serve", "--api-only"], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: url, DATABASE_OWNER_URL: url, SECRETS_DATA_DIR: path.join(dir, "data") },
      stdio: "ignore",
    });
    try {
      let res = await request(`http://localhost:${port}/api/v1/secrets`).catch(() => null);
      const until = Date.now() + 30_000;
      while (!res && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        res = await request(`http://localhost:${port}/api/v1/secrets`).catch(() => null);
      }
      expect(res?.status).toBe(503);
      expect(res!.headers["retry-after"]).toMatch(/^\d+$/);
      expect(res!.headers["content-type"]).toMatch(/^application\/json/);
      expect(res!.json()).toEqual({ message: "Starting…", details: { applicationError: { code: "UNAVAILABLE", description: "Starting…" } } });
      expect(res!.headers["strict-transport-security"]).toBeUndefined();
      const page = await request(`http://localhost:${port}/`);
      expect(page.status).toBe(404);
    } finally {
      child.kill("SIGKILL");
      silent.close();
    }
  });
});

describe("the test harness, and HSTS behind a proxy", () => {
  it("runs two servers on one database side by side; HSTS only where a trusted proxy says https", async () => {
    const [trusting, plain] = await Promise.all([startServer({ apiOnly: true, env: { SECRETS_TRUST_PROXY: "1" } }), startServer({ apiOnly: true })]);
    try {
      expect(trusting.port).not.toBe(plain.port);
      for (const s of [trusting, plain]) {
        expect(s.url).toMatch(/^http:\/\/localhost:\d+$/);
        expect((await s.request("/api/v1/secrets")).status).not.toBe(503);
      }
      const viaProxy = { "x-forwarded-proto": "https" };
      expect((await trusting.request("/api/v1/secrets", { headers: viaProxy })).headers["strict-transport-security"]).toBe(STRICT_TRANSPORT_SECURITY);
      expect((await trusting.request("/elsewhere", { headers: viaProxy })).headers["strict-transport-security"]).toBe(STRICT_TRANSPORT_SECURITY);
      expect((await trusting.request("/api/v1/secrets", { headers: { "x-forwarded-proto": "http" } })).headers["strict-transport-security"]).toBeUndefined();
      expect((await trusting.request("/api/v1/secrets")).headers["strict-transport-security"]).toBeUndefined();
      // Without SECRETS_TRUST_PROXY anyone could send the header: plain http stays plain.
      expect((await plain.request("/api/v1/secrets", { headers: viaProxy })).headers["strict-transport-security"]).toBeUndefined();
    } finally {
      await Promise.all([trusting.stop(), plain.stop()]);
    }
    // Stopped on SIGTERM: the port is free again.
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(trusting.port, resolve));
    probe.close();
  });
});

// The generator is shared with other tests through lib/testing/api-server.ts; the CA is a CA, the leaf is not.
describe("generateTestCertificates", () => {
  it("signs a localhost / 127.0.0.1 certificate with a throwaway CA", () => {
    const ca = new crypto.X509Certificate(certs.caCert);
    const leaf = new crypto.X509Certificate(certs.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost("localhost")).toBe("localhost");
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.verify(new crypto.X509Certificate(other.caCert).publicKey)).toBe(false);
  });
});
