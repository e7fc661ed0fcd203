import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import { LocalRootKey, parseRootKey } from "../keys/root-key";

/** Opens (creating on first use) the keyring of this test file's database. */
export async function openTestKeyring(): Promise<Keyring> {
  const ring = new Keyring(new LocalRootKey(parseRootKey(process.env.SECRETS_ROOT_KEY!, "SECRETS_ROOT_KEY")));
  await ring.load();
  setKeyring(ring);
  return ring;
}
