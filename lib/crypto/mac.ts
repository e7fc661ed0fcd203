import crypto from "node:crypto";

/**
 * HMAC-SHA256 over a list of fields. The fields are encoded as a JSON array,
 * so no two different lists share an encoding (no field can run into the
 * next), and the first field names the purpose and its version.
 */
export const MAC_BYTES = 32;

export type MacField = string | number | boolean | null;

export function mac(key: Buffer, fields: readonly MacField[]): Buffer {
  return crypto.createHmac("sha256", key).update(JSON.stringify(fields)).digest();
}

/** Constant-time check; a missing or malformed tag never matches. */
export function macMatches(key: Buffer, fields: readonly MacField[], tag: Uint8Array | null | undefined): boolean {
  if (!tag || tag.length !== MAC_BYTES) return false;
  return crypto.timingSafeEqual(mac(key, fields), tag);
}
