import "server-only";
import type { Tx } from "../db/client";
import type { RootKeyProvider } from "./root-key";

/**
 * Data encrypted under keys derived from the root key (not under a KEK)
 * registers here how to re-encrypt itself. `keys rotate-root` runs every
 * registered hook inside its one transaction, so lib/keys needs to know
 * nothing about the features that use derived keys.
 */
export type RootKeyHook = (tx: Tx, from: RootKeyProvider, to: RootKeyProvider) => Promise<void>;

const hooks = new Map<string, RootKeyHook>();

export function onRootKeyRotation(name: string, hook: RootKeyHook): void {
  hooks.set(name, hook);
}

export function rootKeyHooks(): [string, RootKeyHook][] {
  return [...hooks];
}
