import "server-only";
import { mac, macMatches, type MacField } from "../crypto/mac";

/**
 * Storage is untrusted (docs/keys.md): whoever can write the database must
 * not be able to mint a token, widen one's scopes or secrets, extend its
 * life or undo its revocation. Each api_tokens row carries an HMAC, under
 * the keyring's integrity key, over everything that decides what the token
 * may do; lib/tokens/authenticate.ts refuses a row whose MAC does not hold.
 */
export type TokenGrant = {
  id: string;
  name: string;
  lookupId: string;
  tokenHash: Uint8Array;
  scopes: readonly string[];
  namePatterns: readonly string[];
  expiresAt: Date | null;
  revoked: boolean;
};

const fields = (t: TokenGrant): MacField[] => [
  "api-token/v1",
  t.id,
  t.name,
  t.lookupId,
  Buffer.from(t.tokenHash).toString("hex"),
  JSON.stringify([...t.scopes]),
  JSON.stringify([...t.namePatterns]),
  t.expiresAt ? t.expiresAt.getTime() : null,
  t.revoked,
];

export const tokenMac = (key: Buffer, t: TokenGrant) => new Uint8Array(mac(key, fields(t)));
export const tokenIsAuthentic = (key: Buffer, t: TokenGrant, tag: Uint8Array | null | undefined) => macMatches(key, fields(t), tag);
