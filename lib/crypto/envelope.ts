import { open, randomKey, seal, unwrapKey, wrapKey } from "./aead";

/**
 * Envelope encryption of one value version: a fresh data key (DEK) per
 * version encrypts the value; the KEK wraps the DEK. Both ciphertexts carry
 * associated data naming the secret and the version, so a ciphertext or a
 * wrapped DEK copied onto another row does not decrypt.
 */
export type Binding = { secretId: string; versionId: string };

export type EncryptedValue = {
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
  wrappedDek: Buffer;
};

const valueAad = (b: Binding) => Buffer.from(`secret-value/v1/${b.secretId}/${b.versionId}`);
const dekAad = (b: Binding) => Buffer.from(`secret-dek/v1/${b.secretId}/${b.versionId}`);

export function encryptValue(value: string, binding: Binding, kek: Buffer): EncryptedValue {
  const dek = randomKey();
  try {
    const { iv, ciphertext, tag } = seal(dek, Buffer.from(value, "utf8"), valueAad(binding));
    return { iv, ciphertext, authTag: tag, wrappedDek: wrapKey(kek, dek, dekAad(binding)) };
  } finally {
    dek.fill(0);
  }
}

export function decryptValue(enc: EncryptedValue, binding: Binding, kek: Buffer): string {
  const dek = unwrapKey(kek, enc.wrappedDek, dekAad(binding));
  try {
    const plain = open(dek, { iv: enc.iv, ciphertext: enc.ciphertext, tag: enc.authTag }, valueAad(binding));
    return plain.toString("utf8");
  } finally {
    dek.fill(0);
  }
}

/** The plain DEK of a version (for rotation and for tests that inspect keys). */
export function unwrapDek(wrappedDek: Buffer, binding: Binding, kek: Buffer): Buffer {
  return unwrapKey(kek, wrappedDek, dekAad(binding));
}

/** Re-wraps a DEK under another KEK without touching the value's ciphertext. */
export function rewrapDek(wrappedDek: Buffer, binding: Binding, fromKek: Buffer, toKek: Buffer): Buffer {
  const dek = unwrapKey(fromKek, wrappedDek, dekAad(binding));
  try {
    return wrapKey(toKek, dek, dekAad(binding));
  } finally {
    dek.fill(0);
  }
}
