import crypto from "node:crypto";

/**
 * AES-256-GCM with a random 96-bit IV and a full 128-bit tag (NIST SP
 * 800-38D). Every failure to open, whatever its cause, is the same generic
 * DecryptionError: callers and logs learn nothing about which byte was wrong.
 */
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor() {
    super("decryption failed");
    this.name = "DecryptionError";
  }
}

export type Sealed = { iv: Buffer; ciphertext: Buffer; tag: Buffer };

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  if (key.length !== KEY_BYTES) throw new Error("AES-256-GCM needs a 32-byte key");
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

export function open(key: Buffer, sealed: Sealed, aad: Buffer): Buffer {
  if (key.length !== KEY_BYTES || sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
    throw new DecryptionError();
  }
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

/** A key wrapped as one blob: iv ‖ ciphertext ‖ tag. */
export function wrapKey(kek: Buffer, key: Buffer, aad: Buffer): Buffer {
  const { iv, ciphertext, tag } = seal(kek, key, aad);
  return Buffer.concat([iv, ciphertext, tag]);
}

export function unwrapKey(kek: Buffer, wrapped: Buffer, aad: Buffer): Buffer {
  if (wrapped.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new DecryptionError();
  const key = open(
    kek,
    {
      iv: wrapped.subarray(0, IV_BYTES),
      ciphertext: wrapped.subarray(IV_BYTES, IV_BYTES + KEY_BYTES),
      tag: wrapped.subarray(IV_BYTES + KEY_BYTES),
    },
    aad,
  );
  if (key.length !== KEY_BYTES) throw new DecryptionError();
  return key;
}

export function randomKey(): Buffer {
  return crypto.randomBytes(KEY_BYTES);
}
