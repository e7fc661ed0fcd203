import "server-only";
import { db } from "../db/client";
import { keyring } from "../keys";

/** What the home page may say about the store: health only, no names or counts. */
export async function storeStatus(): Promise<{ database: string; keyring: string }> {
  const database = await db()
    .$queryRaw`select 1`.then(() => "connected")
    .catch(() => "unavailable");
  const ring = await keyring()
    .then(() => "unlocked")
    .catch(() => "locked");
  return { database, keyring: ring };
}
