import "server-only";
import { config } from "../config";
import { Keyring } from "./keyring";
import { resolveRootKey, type RootKeyProvider } from "./root-key";

/**
 * The keyring of this process. lib/runtime/bootstrap.ts loads it at start
 * (refusing to start on a wrong key); code bundled by Next.js, which runs in
 * the same process but its own module graph, loads its own copy lazily from
 * the same configuration.
 */
let current: Promise<Keyring> | undefined;

export function keyring(): Promise<Keyring> {
  current ??= (async () => {
    const { provider } = resolveRootKey({ config: config(), embedded: false });
    const ring = new Keyring(provider);
    await ring.load();
    return ring;
  })().catch((err) => {
    current = undefined;
    throw err;
  });
  return current;
}

export function setKeyring(ring: Keyring) {
  current = Promise.resolve(ring);
}

/**
 * The root key as it is now, even if another process ran `keys rotate-root`
 * since this one started: for data encrypted under keys derived from it.
 */
export async function currentRootKey(): Promise<RootKeyProvider> {
  return (await keyring()).currentRoot();
}
