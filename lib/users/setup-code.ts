import "server-only";
import crypto from "node:crypto";
import { db } from "../db/client";
import { currentRootKey } from "../keys";
import { base32Encode } from "./totp";

/**
 * The one-time code that /setup asks for on a fresh install, so that whoever
 * reaches the port first cannot claim it: `npm start` prints it with the URL
 * (as Jenkins and Grafana do), and `bin/secrets users setup-code` prints it
 * again. It is derived from the root key, so every instance computes the
 * same code with nothing stored; it stops working once the first account
 * exists.
 */
const CODE_BYTES = 10; // 80 bits, 16 base32 characters

/**
 * True until an owner exists (setup creates it; the CLI may too). Members
 * alone do not end it: single sign-on could create one before the owner, and
 * that must not lock the install out of its setup.
 */
export async function setupPending(): Promise<boolean> {
  return (await db().user.count({ where: { role: "owner" } })) === 0;
}

/** The code to print, grouped for reading ("ABCD-EFGH-…"), or null once setup is done. */
export async function setupCode(): Promise<string | null> {
  return (await setupPending()) ? expectedCode() : null;
}

/** Compares in constant time; spaces, dashes and letter case do not matter. */
export async function setupCodeMatches(given: string): Promise<boolean> {
  const digest = (code: string) => crypto.createHash("sha256").update(normalize(code)).digest();
  return crypto.timingSafeEqual(digest(await expectedCode()), digest(String(given)));
}

async function expectedCode(): Promise<string> {
  const key = await (await currentRootKey()).deriveKey("setup-code/v1");
  return base32Encode(key.subarray(0, CODE_BYTES)).match(/.{4}/g)!.join("-");
}

const normalize = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");
