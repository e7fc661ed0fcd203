import { createManagementClient, NotFoundError, SecretsError, ValidationError, type SecretInfo } from "../sdk/index";
import type { SecretMeta, SecretsBackend } from "./backend";
import { httpFetch } from "./http";
import type { RemoteSettings } from "./settings";

/**
 * The secrets commands over the REST API (remote mode), through the SDK's
 * client: no Prisma, no database layer, so `bin/secrets get` starts in a
 * fraction of the local mode's time. Ids are found by listing (the API
 * addresses updates by id); errors are the SDK's typed errors, whose
 * messages are the server's and never hold a value or the token.
 */
export function remoteBackend(settings: RemoteSettings): SecretsBackend {
  let warning: string | undefined;
  const client = createManagementClient({
    url: settings.url,
    token: settings.token,
    allowInsecureHttp: settings.allowInsecureHttp,
    fetch: httpFetch,
    onWarning: (w) => {
      warning = w.message;
    },
  });
  const meta = (s: SecretInfo): SecretMeta => ({ id: s._id, name: s.name, description: s.description, createdDate: s._createdDate, updatedDate: s._updatedDate });
  const list = async () => (await client.listSecretInfo()).secrets.map(meta);

  return {
    create: (item) => client.createSecret(item).catch(unprefix),
    async read(name) {
      warning = undefined;
      const { value } = await client.getSecretValue(name);
      return warning === undefined ? { value } : { value, warning };
    },
    list,
    async find(ref) {
      const all = await list();
      const found = all.find((s) => s.id === ref) ?? all.find((s) => s.name.toLowerCase() === ref.toLowerCase());
      if (found) return found;
      const message = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref) ? `No secret with id ${ref}` : `No secret named "${ref}"`;
      throw new NotFoundError(message, { status: 404, code: "NOT_FOUND" });
    },
    async update(id, changes, aliasDays) {
      // The API frees an old name unless told otherwise; the CLI's default (7 days) is decided by the caller.
      const days = changes.name === undefined ? undefined : (aliasDays ?? 0);
      await client.updateSecret(id, changes, days === undefined ? undefined : { aliasDays: days }).catch(unprefix);
      return { aliasUntil: days ? new Date(Date.now() + days * 86_400_000) : null };
    },
    remove: (id) => client.deleteSecret(id),
    async versions(id) {
      const { versions } = await client.listVersions(id);
      return versions.map((v) => ({ version: v.version, createdDate: v._createdDate, createdBy: v.createdBy, current: v.current, length: v.length, fingerprint: v.fingerprint }));
    },
    restoreVersion: (id, version) => client.restoreVersion(id, version),
    importMany: (items, opts) => client.importSecrets(items, opts),
    close: async () => {},
  };
}

/**
 * The API names body fields as sent (`secret.name: …`); the service, and so
 * local mode, says `name: …`. Same words in both modes.
 */
function unprefix(err: unknown): never {
  if (err instanceof ValidationError && /^secret\.\w+: /.test(err.message)) {
    throw new ValidationError(err.message.replace(/^secret\./, ""), { status: err.status, code: err.code, field: err.field, requestId: err.requestId });
  }
  throw err;
}

/** SDK errors are safe to show as they are (the server's message, never a value or the token). */
export const isRemoteError = (err: unknown): err is SecretsError => err instanceof SecretsError;
