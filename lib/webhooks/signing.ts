import "server-only";
import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";
import { open, seal } from "../crypto/aead";
import type { Tx } from "../db/client";
import { currentRootKey } from "../keys";
import type { RootKeyProvider } from "../keys/root-key";
import { onRootKeyRotation } from "../keys/root-key-hooks";

/**
 * Endpoint signing secrets (Standard Webhooks: `whsec_<base64>`, 32 random
 * bytes). The server must sign with the secret itself, so it cannot keep a
 * hash as it does for API tokens: it keeps it encrypted (AES-256-GCM) under
 * a key derived from the root key, bound to its endpoint by the associated
 * data, like TOTP secrets (docs/keys.md). `keys rotate-root` re-encrypts
 * them in its transaction through the hook registered below. The secret is
 * returned once, when the endpoint is created; it is never logged, audited
 * or shown again.
 */
export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
const LABEL = "webhook-secrets/v1";
const aad = (endpointId: string) => Buffer.from(`webhook-secret/v1/${endpointId}`);

export function newSigningSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(SECRET_BYTES).toString("base64");
}

async function secretsKey(root?: RootKeyProvider): Promise<Buffer> {
  return (root ?? (await currentRootKey())).deriveKey(LABEL);
}

/** iv ‖ tag ‖ ciphertext, as TOTP secrets are stored. */
function sealWith(key: Buffer, endpointId: string, secret: string): Uint8Array<ArrayBuffer> {
  const s = seal(key, Buffer.from(secret, "utf8"), aad(endpointId));
  return new Uint8Array(Buffer.concat([s.iv, s.tag, s.ciphertext]));
}

function openWith(key: Buffer, endpointId: string, blob: Uint8Array): string {
  const b = Buffer.from(blob);
  return open(key, { iv: b.subarray(0, 12), tag: b.subarray(12, 28), ciphertext: b.subarray(28) }, aad(endpointId)).toString("utf8");
}

export async function encryptSigningSecret(endpointId: string, secret: string): Promise<Uint8Array<ArrayBuffer>> {
  return sealWith(await secretsKey(), endpointId, secret);
}

export async function decryptSigningSecret(endpointId: string, blob: Uint8Array): Promise<string> {
  return openWith(await secretsKey(), endpointId, blob);
}

/** The three Standard Webhooks headers for one attempt: the id stays the same across attempts, the timestamp is now. */
export function signatureHeaders(secret: string, msgId: string, body: string, at = new Date()): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, at, body),
  };
}

/** For rotate-root: every signing secret re-encrypted under the new root key, inside its transaction. */
async function reencryptSigningSecrets(tx: Tx, from: RootKeyProvider, to: RootKeyProvider): Promise<void> {
  const [oldKey, newKey] = [await secretsKey(from), await secretsKey(to)];
  const rows = await tx.webhookEndpoint.findMany({ select: { id: true, secretEnc: true } });
  for (const row of rows) {
    const secret = openWith(oldKey, row.id, row.secretEnc);
    await tx.webhookEndpoint.update({ where: { id: row.id }, data: { secretEnc: sealWith(newKey, row.id, secret) } });
  }
}

onRootKeyRotation("webhook-signing-secrets", reencryptSigningSecrets);
