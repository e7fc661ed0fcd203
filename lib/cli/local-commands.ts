import fs from "node:fs";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { LocalRootKey, parseRootKey } from "../keys/root-key";
import { keyStatus, retireKek, rotateKek, rotateRootKey } from "../keys/rotation";
import * as secrets from "../secrets/service";
import { describePatterns } from "../tokens/patterns";
import { ExpiresInError, parseExpiresIn, type Scope } from "../tokens/schemas";
import * as tokens from "../tokens/service";
import type { Role } from "../users/schemas";
import { setupCode } from "../users/setup-code";
import * as users from "../users/users";
import * as webhooks from "../webhooks/service";
import { UsageError } from "./args";
import type { LocalCommand } from "./backend";
import { iso, items, readStdinText, readValue, table, wholeNumber } from "./io";
import { actor, runtime } from "./local-runtime";

/**
 * The commands that need the database itself (users, keys, tokens, webhooks,
 * trash, aliases, migrations): local mode only, as the REST API has no routes for
 * them. Their arguments and options are declared once, in
 * lib/cli/program.ts; these are their bodies, by command path.
 */
const str = (opts: Record<string, unknown>, key: string) => (typeof opts[key] === "string" ? (opts[key] as string) : undefined);
const json = (data: unknown) => JSON.stringify(data, null, 2);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A secret by id or name, or by one of its live aliases. */
async function secretIdOrAlias(ref: string): Promise<string> {
  try {
    return await secrets.findSecretId(ref);
  } catch (err) {
    const alias = (await secrets.listAllAliases()).find((a) => a.alias.toLowerCase() === ref.toLowerCase());
    if (alias) return alias.secretId;
    throw err;
  }
}

/** A password from stdin (one trailing newline removed, as `echo` adds it) or a hidden prompt. */
async function password(io: Parameters<LocalCommand>[0]["io"]): Promise<string> {
  if (process.stdin.isTTY) return readValue(io, { what: "Password" });
  return (await readStdinText("password")).replace(/\r?\n$/, "");
}

const secretCommands: Record<string, LocalCommand> = {
  async aliases({ args, opts, io }) {
    await runtime();
    const [ref] = args;
    const extend = str(opts, "extend");
    const end = str(opts, "end");
    const daysText = str(opts, "days");
    if (ref === undefined) {
      if (extend !== undefined || end !== undefined) throw new UsageError("--extend and --end need the secret's NAME");
      const all = await secrets.listAllAliases();
      if (opts.json) return io.out(json({ aliases: all }));
      if (!all.length) return io.out("no aliases");
      return io.out(table([["ALIAS", "SECRET", "EXPIRES", "SECRET ID"], ...all.map((a) => [a.alias, a.secretName, iso(a.expiresAt), a.secretId])]));
    }
    if (extend !== undefined && end !== undefined) throw new UsageError("give --extend or --end, not both");
    if (extend === undefined && daysText !== undefined) throw new UsageError("--days goes with --extend");
    if (extend !== undefined && daysText === undefined) throw new UsageError("--extend needs --days N");
    const id = await secretIdOrAlias(ref);
    if (extend !== undefined) await secrets.extendAlias(actor(), id, extend, wholeNumber(daysText!, "--days", "a number of days"));
    if (end !== undefined) await secrets.endAlias(actor(), id, end);
    const list = await secrets.listAliases(id);
    if (extend !== undefined) io.done(`Extended: "${extend}" answers until ${iso(list.find((a) => a.name.toLowerCase() === extend.toLowerCase())!.expiresAt)}`);
    if (end !== undefined) io.done(`Ended: "${end}" no longer answers`);
    if (opts.json) return io.out(json({ aliases: list }));
    if (!list.length) return io.out("no aliases");
    io.out(
      table([
        ["ALIAS", "EXPIRES", "READS 30D", "LAST READ", "CALLERS"],
        ...list.map((a) => [
          a.name,
          iso(a.expiresAt),
          String(a.reads30d),
          a.lastReadAt ? iso(a.lastReadAt) : "-",
          a.callers.map((c) => `${c.caller} (${c.reads30d})`).join(", ") || "-",
        ]),
      ]),
    );
  },

  async restore({ args, opts, io }) {
    await runtime();
    const id = await secrets.findSecretId(args[0]!, "trash");
    await secrets.restoreSecret(actor(), id, { name: str(opts, "name") });
    io.done(`Restored ${(await secrets.getSecretInfo(id)).name} (${id})`);
  },

  async trash({ opts, io }) {
    await runtime();
    const list = await secrets.listTrash();
    if (opts.json) return io.out(json({ secrets: list }));
    if (!list.length) return io.out("the trash is empty");
    io.out(table([["NAME", "ID", "DELETED", "PURGED AFTER"], ...list.map((s) => [s.name, s.id, iso(s.deletedDate), iso(s.purgeAfter)])]));
  },

  async purge({ args, io }) {
    await runtime();
    const id = await secrets.findSecretId(args[0]!, "trash");
    await secrets.purgeSecret(actor(), id);
    io.done(`Purged ${args[0]} (${id}) for good`);
  },
};

const keyCommands: Record<string, LocalCommand> = {
  async "keys status"({ opts, io }) {
    const rt = await runtime();
    const list = await keyStatus();
    const root = { id: rt.keyring.root.id, from: rt.rootKey.from, file: rt.rootKey.file ?? null };
    if (opts.json) return io.out(json({ rootKey: root, keks: list }));
    io.out(`root key: ${root.id} (from ${root.from}${root.file ? ` ${root.file}` : ""})`);
    io.out(table([["KEK", "CREATED", "DEKS", ""], ...list.map((k) => [k.id, iso(k.createdAt), String(k.deks), k.active ? "active" : ""])]));
  },

  async "keys rotate"({ opts, io }) {
    const rt = await runtime();
    const batchSize = wholeNumber(str(opts, "batchSize") ?? "500", "--batch-size", "a positive whole number");
    if (batchSize < 1) throw new UsageError("--batch-size needs a positive whole number");
    const r = await rotateKek(rt.keyring, actor(), { batchSize, log: (l) => io.done(l) });
    io.done(`${r.resumed ? "Resumed" : "Rotated"}: KEK ${r.kekId} is active; ${r.rewrapped} data keys re-wrapped`);
  },

  async "keys retire"({ args, io }) {
    const id = args[0]!;
    // Checked before the database sees it: a malformed id would otherwise surface as the driver's error.
    if (!UUID.test(id)) throw new ValidationError("KEK_ID", `"${id}" is not a KEK id (a UUID); see secrets keys status`);
    const rt = await runtime();
    if (!(await keyStatus()).some((k) => k.id === id.toLowerCase())) throw new NotFoundError(`No KEK with id ${id} (see secrets keys status)`);
    await retireKek(rt.keyring, actor(), id.toLowerCase());
    io.done(`Retired KEK ${id}`);
  },

  async "keys rotate-root"({ io }) {
    const rt = await runtime();
    const text = process.stdin.isTTY ? await readValue(io, { what: "New root key (base64 of 32 bytes)" }) : (await readStdinText("new root key")).trim();
    const next = new LocalRootKey(parseRootKey(text.trim(), "the new root key"));
    if (next.id === rt.keyring.root.id) throw new UsageError("the new root key is the current one");
    const file = rt.rootKey.from === "env" ? undefined : rt.rootKey.file;
    await rotateRootKey(rt.keyring, next, actor(), async () => {
      if (file) fs.writeFileSync(`${file}.next`, `${text.trim()}\n`, { mode: 0o600 });
    });
    if (file) {
      fs.renameSync(`${file}.next`, file);
      io.done(`Keyring re-wrapped under ${next.id}; ${file} now holds the new key`);
    } else {
      io.done(`Keyring re-wrapped under ${next.id}. Set SECRETS_ROOT_KEY to the new key before the next start: the old one no longer opens the keyring.`);
    }
  },

  async "db migrate"({ io }) {
    const rt = await runtime();
    io.done(rt.migrationsApplied.length ? `Applied: ${rt.migrationsApplied.join(", ")}` : "Migrations are up to date");
  },
};

const userCommands: Record<string, LocalCommand> = {
  async "users create"({ opts, io }) {
    await runtime();
    const email = str(opts, "email")!;
    const role = str(opts, "role")!;
    const id = await users.createUser(actor(), { email, role: role as Role, name: str(opts, "name"), password: await password(io) });
    io.out(id);
    io.done(`Created ${role} ${email}`);
  },

  async "users list"({ opts, io }) {
    await runtime();
    const list = await users.listUsers();
    if (opts.json) return io.out(json({ users: list }));
    if (!list.length) return io.out("no users");
    io.out(table([["EMAIL", "ROLE", "STATUS", "NAME"], ...list.map((u) => [u.email, u.role, u.disabled ? "disabled" : "active", u.name])]));
  },

  async "users set-role"({ args, io }) {
    await runtime();
    const [email, role] = args as [string, string];
    await users.setRole(actor(), await users.findUserIdByEmail(email), role as Role);
    io.done(`${email} is now ${role}`);
  },

  async "users disable"({ args, io }) {
    await runtime();
    await users.disableUser(actor(), await users.findUserIdByEmail(args[0]!));
    io.done(`Disabled ${args[0]}; their sessions were ended`);
  },

  async "users enable"({ args, io }) {
    await runtime();
    await users.enableUser(actor(), await users.findUserIdByEmail(args[0]!));
    io.done(`Enabled ${args[0]}`);
  },

  async "users reset-password"({ args, io }) {
    await runtime();
    const userId = await users.findUserIdByEmail(args[0]!);
    await users.resetPassword(actor(), userId, await password(io));
    io.done(`New password set for ${args[0]}; their sessions were ended`);
  },

  async "users reset-2fa"({ args, io }) {
    await runtime();
    await users.resetTwoFactor(actor(), await users.findUserIdByEmail(args[0]!));
    io.done(`Two-factor sign-in is off for ${args[0]}; their sessions were ended`);
  },

  async "users setup-code"({ io }) {
    await runtime();
    const code = await setupCode();
    if (code === null) throw new ConflictError("setup is done: an account exists already (sign in, or use users reset-password)");
    io.out(code);
  },
};

/** The service's fields as the flags that set them, so a refusal names what to retype. */
const TOKEN_FLAGS: Record<string, string> = { name: "--name", scopes: "--scopes", expiresInDays: "--expires-in", namePatterns: "--names" };

function tokenFlagError(err: unknown, lists: { scopes: string[]; namePatterns: string[] }): unknown {
  if (!(err instanceof ValidationError)) return err;
  const [field, index] = err.field.split(".");
  const flag = field ? TOKEN_FLAGS[field] : undefined;
  if (!flag) return err;
  const item = index === undefined ? undefined : lists[field as "scopes" | "namePatterns"]?.[Number(index)];
  const message = err.message.slice(err.field.length + 2);
  return new ValidationError(flag, item === undefined ? message : `"${item}" ${message}`);
}

const tokenCommands: Record<string, LocalCommand> = {
  async "tokens create"({ opts, io }) {
    await runtime();
    const name = str(opts, "name")!;
    const scopeList = items(str(opts, "scopes"));
    const namePatterns = items(str(opts, "names"));
    const expiresIn = str(opts, "expiresIn");
    let expiresInDays: number | undefined;
    try {
      expiresInDays = expiresIn === undefined ? undefined : parseExpiresIn(expiresIn);
    } catch (err) {
      throw err instanceof ExpiresInError ? new ValidationError("--expires-in", err.message) : err;
    }
    const { token, info } = await tokens.createToken(actor(), { name, scopes: scopeList as Scope[], expiresInDays, namePatterns }).catch((err: unknown) => {
      throw tokenFlagError(err, { scopes: scopeList, namePatterns });
    });
    io.out(token);
    io.done(
      `Created API token "${info.name}" (${info.scopes.join(", ")}; secrets: ${describePatterns(info.namePatterns)}; ` +
        `${info.expiresAt ? `expires ${iso(info.expiresAt)}` : "never expires"}).\n` +
        "It is printed only this once: store it now (it is kept only as a hash).",
    );
  },

  async "tokens list"({ opts, io }) {
    await runtime();
    const list = await tokens.listTokens();
    if (opts.json) return io.out(json({ tokens: list }));
    if (!list.length) return io.out("no API tokens");
    io.out(
      table([
        ["NAME", "PREFIX", "SCOPES", "SECRETS", "STATUS", "EXPIRES", "LAST USED", "READS", "CREATED BY"],
        ...list.map((t) => [
          t.name,
          t.prefix,
          t.scopes.join(","),
          describePatterns(t.namePatterns),
          t.status,
          t.expiresAt ? iso(t.expiresAt) : "never",
          t.lastUsedAt ? iso(t.lastUsedAt) : "never",
          String(t.reads),
          t.createdBy,
        ]),
      ]),
    );
  },

  async "tokens revoke"({ args, io }) {
    await runtime();
    const t = await tokens.revokeToken(actor(), args[0]!);
    io.done(`Revoked ${t.name} (${t.prefix}); code using it is refused from now on`);
  },
};

/** The service's fields as the CLI's words for them. */
const WEBHOOK_FIELDS: Record<string, string> = { url: "URL", events: "--events", description: "--description", id: "ID", endpointId: "ID" };

function webhookFlagError(err: unknown): unknown {
  if (!(err instanceof ValidationError)) return err;
  const flag = WEBHOOK_FIELDS[err.field.split(".")[0]!];
  return flag ? new ValidationError(flag, err.message.slice(err.field.length + 2)) : err;
}

const webhookCommands: Record<string, LocalCommand> = {
  async "webhooks add"({ args, opts, io }) {
    await runtime();
    const { endpoint, signingSecret } = await webhooks
      .createEndpoint(actor(), { url: args[0]!, events: items(str(opts, "events")), description: str(opts, "description") })
      .catch((err: unknown) => {
        throw webhookFlagError(err);
      });
    io.out(signingSecret);
    io.done(
      `Added webhook endpoint ${endpoint.id} for ${endpoint.events.join(", ")} to ${endpoint.url}.\n` +
        "The signing secret is printed only this once: give it to the receiver now (it verifies webhook-signature with it).",
    );
    if (endpoint.insecure) io.note("warning: the URL is plain http: events cross the network readable by anyone on the way (the signature still proves who sent them)");
  },

  async "webhooks list"({ opts, io }) {
    await runtime();
    const list = await webhooks.listEndpoints();
    if (opts.json) return io.out(json({ endpoints: list }));
    if (!list.length) return io.out("no webhook endpoints");
    io.out(
      table([
        ["ID", "URL", "EVENTS", "LAST DELIVERY", "CREATED"],
        ...list.map((e) => [
          e.id,
          e.url,
          e.events.join(","),
          e.lastDelivery ? `${e.lastDelivery.status} ${e.lastDelivery.eventType}${e.lastDelivery.statusCode ? ` (${e.lastDelivery.statusCode})` : ""} ${iso(e.lastDelivery.at)}` : "-",
          iso(e.createdAt),
        ]),
      ]),
    );
  },

  async "webhooks remove"({ args, io }) {
    await runtime();
    await webhooks.removeEndpoint(actor(), args[0]!).catch((err: unknown) => {
      throw webhookFlagError(err);
    });
    io.done(`Removed webhook endpoint ${args[0]} and its delivery log`);
  },

  async "webhooks deliveries"({ args, opts, io }) {
    await runtime();
    const list = await webhooks.listDeliveries(args[0]!).catch((err: unknown) => {
      throw webhookFlagError(err);
    });
    if (opts.json) return io.out(json({ deliveries: list }));
    if (!list.length) return io.out("no deliveries yet");
    io.out(
      table([
        ["CREATED", "EVENT", "SECRET", "STATUS", "ATTEMPTS", "CODE", "NEXT RETRY", "LAST ERROR"],
        ...list.map((d) => [
          iso(d.createdAt),
          d.eventType,
          d.secretName ?? "-",
          d.status,
          String(d.attempts),
          d.lastStatusCode === null ? "-" : String(d.lastStatusCode),
          d.nextAttemptAt && (d.status === "pending" || d.status === "retrying") ? iso(d.nextAttemptAt) : "-",
          d.lastError ?? "-",
        ]),
      ]),
    );
  },
};

export const localCommands: Record<string, LocalCommand> = { ...secretCommands, ...keyCommands, ...userCommands, ...tokenCommands, ...webhookCommands };
