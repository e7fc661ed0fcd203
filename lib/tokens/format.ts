import crypto from "node:crypto";

/**
 * The token itself: `smk_<lookup id>_<secret>`. The lookup id (16 hex
 * digits, public: the dashboard shows it) finds the row with one indexed
 * look-up; the secret (32 random bytes, base64url) is what proves
 * possession. Only SHA-256 of the whole string is stored: the token has 256
 * bits of entropy, so a fast hash is enough (nothing to brute-force, unlike
 * a password). The fixed shape lets a malformed header be refused without
 * a database query, and secret scanners recognise a leaked token by its
 * `smk_` prefix.
 */
export const TOKEN_PREFIX = "smk_";
const LOOKUP_BYTES = 8;
const SECRET_BYTES = 32;
export const TOKEN_PATTERN = /^smk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Longer than any token: refused before the pattern is even tried. */
export const TOKEN_MAX_LENGTH = 80;

export type NewToken = { token: string; lookupId: string; hash: Buffer };

export function generateToken(): NewToken {
  const lookupId = crypto.randomBytes(LOOKUP_BYTES).toString("hex");
  const token = `${TOKEN_PREFIX}${lookupId}_${crypto.randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { token, lookupId, hash: hashToken(token) };
}

/** The lookup id of a well-formed token; undefined for anything else. */
export function lookupIdOf(token: string): string | undefined {
  if (token.length > TOKEN_MAX_LENGTH) return undefined;
  return TOKEN_PATTERN.exec(token)?.[1];
}

export const hashToken = (token: string): Buffer => crypto.createHash("sha256").update(token, "utf8").digest();

/** What the dashboard and `tokens list` show to recognise a token: its public part only. */
export const tokenPrefix = (lookupId: string) => `${TOKEN_PREFIX}${lookupId}_…`;
