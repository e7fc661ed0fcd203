import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type http from "node:http";
import tls from "node:tls";

/**
 * https served by the app itself (SECRETS_TLS_CERT_FILE + SECRETS_TLS_KEY_FILE):
 * the files are checked before the server listens, so a wrong path, a file
 * that holds no certificate or key, or a key that does not belong to the
 * certificate stops the start with one line naming the variable. SIGHUP
 * re-reads both files (certificates are renewed without a restart); a bad
 * pair then keeps the current certificate. Messages name files, never their
 * contents.
 */

/**
 * The one Strict-Transport-Security value the app sends (one year). The
 * custom server sets it on every response it serves over its own TLS.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

export type TlsFiles = { certFile: string; keyFile: string };
export type TlsMaterial = { cert: Buffer; key: Buffer; fingerprint256: string; subject: string; validTo: Date };

/** A certificate or key file cannot be used; the message names the variable and the file. */
export class TlsFileError extends Error {
  override name = "TlsFileError";
}

const CERT_VAR = "SECRETS_TLS_CERT_FILE";
const KEY_VAR = "SECRETS_TLS_KEY_FILE";

/** Reads and checks the certificate chain and its private key. Throws TlsFileError. */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const cert = readFile(files.certFile, CERT_VAR);
  const key = readFile(files.keyFile, KEY_VAR);
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
  } catch {
    throw new TlsFileError(`${CERT_VAR} (${files.certFile}) holds no PEM certificate`);
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch {
    throw new TlsFileError(`${KEY_VAR} (${files.keyFile}) holds no usable PEM private key (a passphrase-protected key is not supported)`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new TlsFileError(`${KEY_VAR} (${files.keyFile}) is not the private key of the certificate in ${CERT_VAR} (${files.certFile})`);
  }
  try {
    // What the server will load: also checks the rest of the chain in the file.
    tls.createSecureContext({ cert, key });
  } catch (err) {
    throw new TlsFileError(`${CERT_VAR} (${files.certFile}) cannot be used with its key: ${reason(err)}`);
  }
  return { cert, key, fingerprint256: x509.fingerprint256, subject: x509.subject.replace(/\n/g, ", "), validTo: new Date(x509.validTo) };
}

function readFile(file: string, variable: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new TlsFileError(`${variable} (${file}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/** OpenSSL's reason only (e.g. "ca md too weak"): short, and never file contents. */
function reason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]!.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, "").slice(0, 200);
}

/** One line about a certificate for the log: its subject, when it expires, and a warning when that is soon. */
export function describeCertificate(m: TlsMaterial, now = new Date()): string {
  const days = Math.floor((m.validTo.getTime() - now.getTime()) / 86_400_000);
  const when = days < 0 ? `EXPIRED on ${m.validTo.toISOString()}` : `valid until ${m.validTo.toISOString()}${days < 14 ? ` (only ${days} days left)` : ""}`;
  return `${m.subject || "certificate"}, ${when}`;
}

/** An https server with the same request listener the http server would have. */
export function createTlsServer(material: TlsMaterial, listener: http.RequestListener): https.Server {
  return https.createServer({ cert: material.cert, key: material.key }, listener);
}

/**
 * Re-reads the files on SIGHUP. New connections get the new certificate;
 * open ones keep theirs. A pair that fails the checks (half-copied, wrong
 * key) keeps the current certificate and logs one line. Returns a function
 * that stops listening for SIGHUP.
 */
export function reloadOnSighup(
  server: https.Server,
  files: TlsFiles,
  log: { info: (line: string) => void; warn: (line: string) => void },
): () => void {
  const onHangup = () => {
    try {
      const material = readTlsFiles(files);
      server.setSecureContext({ cert: material.cert, key: material.key });
      log.info(`SIGHUP: TLS certificate reloaded (${describeCertificate(material)})`);
    } catch (err) {
      log.warn(`SIGHUP: kept the current TLS certificate: ${err instanceof TlsFileError ? err.message : reason(err)}`);
    }
  };
  process.on("SIGHUP", onHangup);
  return () => void process.off("SIGHUP", onHangup);
}
