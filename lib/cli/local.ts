import * as secrets from "../secrets/service";
import type { SecretsBackend } from "./backend";
import { actor, closeRuntime, runtime } from "./local-runtime";

/**
 * Local mode: bin/secrets on the database through the same service layer as
 * the web app. This module is the entry of the CLI's second bundle
 * (node_modules/.cache/secrets-cli/cli-local.mjs), loaded by lib/cli/main.ts
 * only when a command needs the database, so remote mode never loads Prisma.
 */
export { localCommands } from "./local-commands";
export { closeRuntime, debugEnabled, explain } from "./local-runtime";
export { serve } from "../server/serve";

/** The secrets commands on the service layer. */
export async function localBackend(): Promise<SecretsBackend> {
  await runtime();
  return {
    create: (item) => secrets.createSecret(actor(), item),
    async read(name) {
      const { value, alias } = await secrets.readSecret(actor(), name);
      if (!alias) return { value };
      // The SDK's sentence (lib/sdk/index.ts aliasWarning), so both modes warn alike; the server sends Sunset to the second.
      const sunset = new Date(Math.floor(alias.sunset.getTime() / 1000) * 1000).toISOString();
      return {
        value,
        warning: `Secret "${name}" was renamed to "${alias.currentName}"; the old name stops working at ${sunset}. Read "${alias.currentName}" instead.`,
      };
    },
    list: async () => (await secrets.listSecretInfo()).secrets,
    find: async (ref) => secrets.getSecretInfo(await secrets.findSecretId(ref)),
    async update(id, changes, aliasDays) {
      const before = await secrets.getSecretInfo(id);
      await secrets.updateSecret(actor(), id, changes, { aliasDays: aliasDays ?? null });
      if (changes.name === undefined || changes.name.toLowerCase() === before.name.toLowerCase()) return { aliasUntil: null };
      const alias = (await secrets.listAliases(id)).find((a) => a.name.toLowerCase() === before.name.toLowerCase());
      return { aliasUntil: alias?.expiresAt ?? null };
    },
    remove: (id) => secrets.deleteSecret(actor(), id),
    versions: (id) => secrets.listVersions(id),
    restoreVersion: (id, version) => secrets.restoreVersion(actor(), id, version),
    importMany: (items, opts) => secrets.importSecrets(actor(), items, opts),
    close: closeRuntime,
  };
}
