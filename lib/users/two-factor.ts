import "server-only";
import crypto from "node:crypto";
import { audit, type Actor } from "../audit";
import { open, seal } from "../crypto/aead";
import { db, type Tx } from "../db/client";
import { ConflictError, NotFoundError, TooManyRequestsError, ValidationError } from "../errors";
import { currentRootKey } from "../keys";
import type { RootKeyProvider } from "../keys/root-key";
import { onRootKeyRotation } from "../keys/root-key-hooks";
import { verifyPassword } from "./password";
import { clearFailures, SECOND_FACTOR_LIMIT, secondFactorKey, takeAttempt, throttlePasswordCheck, tryAgainIn, type ThrottleRule } from "./throttle";
import { base32Encode, matchStep, otpauthUri } from "./totp";

/**
 * Two-factor sign-in: an authenticator app (TOTP) plus ten one-time recovery
 * codes. The TOTP secret is stored encrypted under a key derived from the
 * root key (rotate-root re-encrypts it); recovery codes only as hashes.
 *
 * Recovery codes carry 80 random bits (16 base32 characters, shown in groups
 * of four), so their SHA-256 cannot be reversed by trying them all. Codes
 * issued before that (10 hex characters, 40 bits) keep working until the
 * user next enrols, which replaces every code.
 */
const RECOVERY_CODES = 10;
const RECOVERY_BYTES = 10;
const RECOVERY_CHARS = (RECOVERY_BYTES * 8) / 5;
const LEGACY_RECOVERY = /^[0-9a-f]{10}$/;
const aad = (userId: string) => Buffer.from(`totp/v1/${userId}`);
const hashCode = (code: string) => crypto.createHash("sha256").update(normalizeRecovery(code)).digest("hex");
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

export function newRecoveryCode(): string {
  return base32Encode(crypto.randomBytes(RECOVERY_BYTES)).match(/.{4}/g)!.join("-");
}

async function totpKey(root?: RootKeyProvider): Promise<Buffer> {
  return (root ?? (await currentRootKey())).deriveKey("totp/v1");
}

export function encryptTotpSecret(key: Buffer, userId: string, secret: Buffer): Buffer {
  const s = seal(key, secret, aad(userId));
  return Buffer.concat([s.iv, s.tag, s.ciphertext]);
}

export function decryptTotpSecret(key: Buffer, userId: string, blob: Buffer): Buffer {
  return open(key, { iv: blob.subarray(0, 12), tag: blob.subarray(12, 28), ciphertext: blob.subarray(28) }, aad(userId));
}

export async function twoFactorEnabled(userId: string): Promise<boolean> {
  return (await db().userTotp.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
}

/** Step 1: a new secret for the app to scan; not required until confirmed. */
export async function startEnrollment(userId: string, email: string): Promise<{ secret: string; uri: string }> {
  if (await twoFactorEnabled(userId)) throw new ConflictError("Two-factor sign-in is already on; turn it off first to change apps");
  const secret = crypto.randomBytes(20);
  const secretEnc = new Uint8Array(encryptTotpSecret(await totpKey(), userId, secret));
  await db().userTotp.upsert({ where: { userId }, create: { userId, secretEnc }, update: { secretEnc, lastStep: 0 } });
  return { secret: base32Encode(secret), uri: otpauthUri(secret, email) };
}

/** Step 2: a code from the app turns it on and returns the recovery codes, shown once. */
export async function confirmEnrollment(actor: Actor, userId: string, code: string): Promise<string[]> {
  const row = await db().userTotp.findUnique({ where: { userId } });
  if (!row || row.confirmedAt) throw new ConflictError("Start the set-up again");
  const step = matchStep(decryptTotpSecret(await totpKey(), userId, Buffer.from(row.secretEnc)), code.trim());
  if (step === null) throw new ValidationError("code", "does not match: check the app's clock and try the next code");
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db().$transaction(async (tx) => {
    await tx.userTotp.update({ where: { userId }, data: { confirmedAt: new Date(), lastStep: step } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ codeHash: hashCode(c), userId })) });
    await audit(tx, actor, { action: "user.2fa", detail: { enabled: true } });
  });
  return codes;
}

/** Turning it off needs the password and a current code (or a recovery code): a stolen session alone cannot. */
export async function disableTwoFactor(actor: Actor, userId: string, password: string, code: string): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new NotFoundError("No such user");
  await throttlePasswordCheck(userId);
  if (!(await verifyPassword(password, user.passwordHash))) throw new ValidationError("password", "is not your current password");
  const check = await checkSecondFactor(userId, code);
  if (check.wait > 0) throw new TooManyRequestsError(tryAgainIn(check.wait));
  if (!check.used) throw new ValidationError("code", "is not a current code or an unused recovery code");
  await db().$transaction(async (tx) => {
    await removeTwoFactor(tx, userId);
    await audit(tx, actor, { action: "user.2fa", detail: { enabled: false } });
  });
}

export async function removeTwoFactor(tx: Tx, userId: string): Promise<void> {
  await tx.userTotp.deleteMany({ where: { userId } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
}

export type SecondFactorCheck = {
  used: "totp" | "recovery" | null;
  /** Refused unchecked: seconds until the limit frees up, else 0. */
  wait: number;
  /** This refusal is the first in its window (log it once, not per attempt). */
  newlyBlocked: boolean;
};

/**
 * The only way to check a code: every path that accepts one (sign-in,
 * re-authentication, turning two-factor off) counts it against the same
 * per-user limit, so spreading guesses over paths gains nothing. `alsoCount`
 * adds other limits (the client address at sign-in).
 */
export async function checkSecondFactor(userId: string, code: string, alsoCount: ThrottleRule[] = []): Promise<SecondFactorCheck> {
  const key = secondFactorKey(userId);
  const attempt = await takeAttempt([{ key, limit: SECOND_FACTOR_LIMIT }, ...alsoCount]);
  if (attempt.wait > 0) return { used: null, wait: attempt.wait, newlyBlocked: attempt.newlyBlocked.length > 0 };
  const used = await matchSecondFactor(userId, String(code));
  if (used) await clearFailures(key);
  return { used, wait: 0, newlyBlocked: false };
}

/**
 * A code from the app (each accepted once) or an unused recovery code (spent
 * on use). The updates are conditional, so a code raced twice wins once.
 */
async function matchSecondFactor(userId: string, code: string): Promise<"totp" | "recovery" | null> {
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const row = await db().userTotp.findUnique({ where: { userId } });
    if (!row?.confirmedAt) return null;
    const step = matchStep(decryptTotpSecret(await totpKey(), userId, Buffer.from(row.secretEnc)), trimmed);
    if (step === null) return null;
    const used = await db().userTotp.updateMany({ where: { userId, lastStep: { lt: step } }, data: { lastStep: step } });
    return used.count === 1 ? "totp" : null;
  }
  const normalized = normalizeRecovery(trimmed);
  if (normalized.length !== RECOVERY_CHARS && !LEGACY_RECOVERY.test(normalized)) return null;
  const spent = await db().recoveryCode.updateMany({
    where: { codeHash: hashCode(trimmed), userId, usedAt: null },
    data: { usedAt: new Date() },
  });
  return spent.count === 1 ? "recovery" : null;
}

/** For rotate-root: re-encrypts every TOTP secret under the new root key, inside its transaction. */
async function reencryptTotpSecrets(tx: Tx, from: RootKeyProvider, to: RootKeyProvider): Promise<void> {
  const [oldKey, newKey] = [await totpKey(from), await totpKey(to)];
  const rows = await tx.userTotp.findMany({ select: { userId: true, secretEnc: true } });
  for (const row of rows) {
    const secret = decryptTotpSecret(oldKey, row.userId, Buffer.from(row.secretEnc));
    await tx.userTotp.update({ where: { userId: row.userId }, data: { secretEnc: new Uint8Array(encryptTotpSecret(newKey, row.userId, secret)) } });
  }
}

onRootKeyRotation("totp-secrets", reencryptTotpSecrets);

export async function adminTwoFactorRequired(): Promise<boolean> {
  return (await db().siteSettings.findUnique({ where: { id: 1 } }))?.requireAdmin2fa ?? false;
}

/** Owner setting. Turning it on needs the owner's own two-factor sign-in, so nobody locks themselves out. */
export async function setAdminTwoFactorRequired(actor: Actor, ownerId: string, required: boolean): Promise<void> {
  if (required && !(await twoFactorEnabled(ownerId))) {
    throw new ConflictError("Turn on two-factor sign-in for your own account first");
  }
  await db().$transaction(async (tx) => {
    await tx.siteSettings.upsert({
      where: { id: 1 },
      create: { id: 1, requireAdmin2fa: required },
      update: { requireAdmin2fa: required, updatedAt: new Date() },
    });
    await audit(tx, actor, { action: "site.settings", detail: { requireAdmin2fa: required } });
  });
}
