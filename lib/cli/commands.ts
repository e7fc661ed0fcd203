import os from "node:os";
import type { Actor } from "../audit";
import { LocalRootKey, parseRootKey } from "../keys/root-key";
import { keyStatus, retireKek, rotateKek, rotateRootKey } from "../keys/rotation";
import type { Runtime } from "../runtime/bootstrap";
import * as secrets from "../secrets/service";
import { str, UsageError, type Parsed } from "./args";
import { readStdin, table } from "./io";
import fs from "node:fs";
import type { Role } from "../users/schemas";
import { ConflictError } from "../errors";
import { setupCode } from "../users/setup-code";
import * as users from "../users/users";
import { ValidationError } from "../errors";
import { describePatterns } from "../tokens/patterns";
import { ExpiresInError, parseExpiresIn, type Scope } from "../tokens/schemas";
import * as tokens from "../tokens/service";

export type Command = {
  usage: string;
  summary: string;
  help?: string;
  values?: string[];
  booleans?: string[];
  run(p: Parsed, rt: Runtime): Promise<void>;
};

const actor = (): Actor => ({ id: `cli:${os.userInfo().username}`, source: "cli" });
const out = (text: string): void => void process.stdout.write(text.endsWith("\n") ? text : text + "\n");
const iso = (d: Date) => d.toISOString();

function aliasDaysOption(p: Parsed): number | null | undefined {
  const days = str(p, "alias-days");
  if (p.flags.has("no-alias")) {
    if (days !== undefined) throw new UsageError("give --alias-days or --no-alias, not both");
    return null;
  }
  if (days === undefined) return undefined;
  if (!/^\d+$/.test(days)) throw new UsageError("--alias-days needs a whole number of days");
  return Number(days);
}

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

function one(p: Parsed, what: string): string {
  if (p.positionals.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return p.positionals[0]!;
}

export const commands: Record<string, Command> = {
  create: {
    usage: "create NAME [--description D]",
    summary: "create a secret; the value is read from stdin; prints the new id",
    help: "The value is standard input exactly as given (use printf, not echo, to avoid a trailing newline).",
    values: ["description"],
    async run(p) {
      const name = one(p, "NAME");
      const value = await readStdin();
      out(await secrets.createSecret(actor(), { name, value, description: str(p, "description") }));
    },
  },
  get: {
    usage: "get NAME",
    summary: "print a secret's value and nothing else",
    async run(p) {
      const { value } = await secrets.getSecretValue(actor(), one(p, "NAME"));
      process.stdout.write(value);
    },
  },
  list: {
    usage: "list [--json]",
    summary: "list secrets (names, descriptions, dates; never values)",
    booleans: ["json"],
    async run(p) {
      const { secrets: list } = await secrets.listSecretInfo();
      if (p.flags.has("json")) return out(JSON.stringify({ secrets: list }, null, 2));
      if (!list.length) return out("no secrets");
      out(table([["NAME", "ID", "UPDATED", "DESCRIPTION"], ...list.map((s) => [s.name, s.id, iso(s.updatedDate), s.description])]));
    },
  },
  update: {
    usage: "update ID_OR_NAME [--name N [--alias-days D | --no-alias]] [--description D] [--value-stdin]",
    summary: "rename (the old name stays an alias, 7 days by default), describe, or change the value",
    help: `A rename keeps the old name answering as an alias for --alias-days days (1-${secrets.MAX_ALIAS_DAYS}, default ${secrets.DEFAULT_ALIAS_DAYS}); with --no-alias, code asking for the old name fails at once. See "secrets aliases".`,
    values: ["name", "description", "alias-days"],
    booleans: ["value-stdin", "no-alias"],
    async run(p) {
      const id = await secrets.findSecretId(one(p, "ID_OR_NAME"));
      const value = p.flags.has("value-stdin") ? await readStdin() : undefined;
      const name = str(p, "name");
      const description = str(p, "description");
      if (name === undefined && description === undefined && value === undefined) {
        throw new UsageError("nothing to change: give --name, --description or --value-stdin");
      }
      const aliasDays = aliasDaysOption(p);
      if (name === undefined && (aliasDays !== undefined || p.flags.has("no-alias"))) {
        throw new UsageError("--alias-days and --no-alias go with --name");
      }
      const before = await secrets.getSecretInfo(id);
      await secrets.updateSecret(actor(), id, { name, description, value }, { aliasDays });
      const after = await secrets.getSecretInfo(id);
      const changed = [
        after.name !== before.name && "name",
        value !== undefined && "value",
        description !== undefined && description !== before.description && "description",
      ].filter(Boolean);
      out(`updated ${after.name} (${id})${changed.length ? `: ${changed.join(", ")}` : ": nothing changed"}`);
      if (after.name.toLowerCase() !== before.name.toLowerCase()) {
        const alias = (await secrets.listAliases(id)).find((a) => a.name.toLowerCase() === before.name.toLowerCase());
        out(
          alias
            ? `"${before.name}" still answers as an alias until ${iso(alias.expiresAt)} (secrets aliases ${after.name})`
            : `"${before.name}" no longer answers: code asking for it fails from now on`,
        );
      }
    },
  },
  aliases: {
    usage: "aliases [NAME] [--json] [--extend ALIAS --days N | --end ALIAS]",
    summary: "list live aliases (old names kept after renames) and who still reads through them; extend or end one",
    help: `Without NAME, every alias of every secret. NAME may be the secret's name, id or one of its aliases. --extend sets the alias to expire N days from now (1-${secrets.MAX_ALIAS_DAYS}); --end makes it stop answering now.`,
    values: ["extend", "days", "end"],
    booleans: ["json"],
    async run(p) {
      if (p.positionals.length === 0) {
        if (p.flags.has("extend") || p.flags.has("end")) throw new UsageError("--extend and --end need the secret's NAME");
        const all = await secrets.listAllAliases();
        if (p.flags.has("json")) return out(JSON.stringify({ aliases: all }, null, 2));
        if (!all.length) return out("no aliases");
        return out(table([["ALIAS", "SECRET", "EXPIRES", "SECRET ID"], ...all.map((a) => [a.alias, a.secretName, iso(a.expiresAt), a.secretId])]));
      }
      const id = await secretIdOrAlias(one(p, "NAME"));
      const extend = str(p, "extend");
      const end = str(p, "end");
      if (extend !== undefined && end !== undefined) throw new UsageError("give --extend or --end, not both");
      if (extend !== undefined) {
        const days = str(p, "days");
        if (days === undefined || !/^\d+$/.test(days)) throw new UsageError("--extend needs --days N");
        await secrets.extendAlias(actor(), id, extend, Number(days));
      } else if (str(p, "days") !== undefined) {
        throw new UsageError("--days goes with --extend");
      }
      if (end !== undefined) await secrets.endAlias(actor(), id, end);
      const list = await secrets.listAliases(id);
      if (p.flags.has("json")) return out(JSON.stringify({ aliases: list }, null, 2));
      if (extend !== undefined) out(`extended: "${extend}" answers until ${iso(list.find((a) => a.name.toLowerCase() === extend.toLowerCase())!.expiresAt)}`);
      if (end !== undefined) out(`ended: "${end}" no longer answers`);
      if (!list.length) return out("no aliases");
      out(
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
  },
  delete: {
    usage: "delete ID_OR_NAME",
    summary: "move a secret to the trash (restorable for 30 days)",
    async run(p) {
      const id = await secrets.findSecretId(one(p, "ID_OR_NAME"));
      await secrets.deleteSecret(actor(), id);
      out(`moved to the trash: ${id} (secrets restore ${id})`);
    },
  },
  restore: {
    usage: "restore ID_OR_NAME [--name N]",
    summary: "bring a secret back from the trash, optionally under a new name",
    values: ["name"],
    async run(p) {
      const id = await secrets.findSecretId(one(p, "ID_OR_NAME"), "trash");
      await secrets.restoreSecret(actor(), id, { name: str(p, "name") });
      out(`restored: ${id}`);
    },
  },
  trash: {
    usage: "trash [--json]",
    summary: "list secrets in the trash",
    booleans: ["json"],
    async run(p) {
      const list = await secrets.listTrash();
      if (p.flags.has("json")) return out(JSON.stringify({ secrets: list }, null, 2));
      if (!list.length) return out("the trash is empty");
      out(table([["NAME", "ID", "DELETED", "PURGED AFTER"], ...list.map((s) => [s.name, s.id, iso(s.deletedDate), iso(s.purgeAfter)])]));
    },
  },
  purge: {
    usage: "purge ID_OR_NAME",
    summary: "delete a trashed secret for good (cannot be undone)",
    async run(p) {
      const id = await secrets.findSecretId(one(p, "ID_OR_NAME"), "trash");
      await secrets.purgeSecret(actor(), id);
      out(`purged: ${id}`);
    },
  },
  versions: {
    usage: "versions ID_OR_NAME [--json] [--restore N]",
    summary: "list a secret's value versions, or make version N current again",
    values: ["restore"],
    booleans: ["json"],
    async run(p) {
      const id = await secrets.findSecretId(one(p, "ID_OR_NAME"));
      const restore = str(p, "restore");
      if (restore !== undefined) {
        if (!/^\d+$/.test(restore)) throw new UsageError("--restore needs a version number");
        await secrets.restoreVersion(actor(), id, Number(restore));
      }
      const list = await secrets.listVersions(id);
      if (p.flags.has("json")) return out(JSON.stringify({ versions: list }, null, 2));
      out(
        table([
          ["VERSION", "CREATED", "BY", "BYTES", "FINGERPRINT", ""],
          ...list.map((v) => [String(v.version), iso(v.createdDate), v.createdBy, String(v.length ?? "-"), v.fingerprint ?? "-", v.current ? "current" : ""]),
        ]),
      );
    },
  },
  "keys status": {
    usage: "keys status",
    summary: "show each KEK and how many data keys it wraps",
    async run(_p, rt) {
      const list = await keyStatus();
      out(`root key: ${rt.keyring.root.id} (from ${rt.rootKey.from}${rt.rootKey.file ? ` ${rt.rootKey.file}` : ""})`);
      out(table([["KEK", "CREATED", "DEKS", ""], ...list.map((k) => [k.id, iso(k.createdAt), String(k.deks), k.active ? "active" : ""])]));
    },
  },
  "keys rotate": {
    usage: "keys rotate [--batch-size N]",
    summary: "make a new KEK active and re-wrap every data key; re-run to resume",
    values: ["batch-size"],
    async run(p, rt) {
      const batchSize = Number(str(p, "batch-size") ?? 500);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError("--batch-size must be a positive integer");
      const r = await rotateKek(rt.keyring, actor(), { batchSize, log: (l) => process.stderr.write(l + "\n") });
      out(`${r.resumed ? "resumed" : "rotated"}: KEK ${r.kekId} is active; ${r.rewrapped} data keys re-wrapped`);
    },
  },
  "keys retire": {
    usage: "keys retire KEK_ID",
    summary: "destroy a KEK that no longer wraps any data key",
    async run(p, rt) {
      const id = one(p, "KEK_ID");
      await retireKek(rt.keyring, actor(), id);
      out(`retired: ${id}`);
    },
  },
  "keys rotate-root": {
    usage: "keys rotate-root",
    summary: "re-wrap the keyring under a new root key read from stdin",
    help: "Give the new key (base64 of 32 bytes, e.g. from `openssl rand -base64 32`) on stdin.",
    async run(_p, rt) {
      const text = (await readStdin("new root key")).trim();
      const next = new LocalRootKey(parseRootKey(text, "the new root key"));
      if (next.id === rt.keyring.root.id) throw new UsageError("the new root key is the current one");
      const file = rt.rootKey.from === "env" ? undefined : rt.rootKey.file;
      await rotateRootKey(rt.keyring, next, actor(), async () => {
        if (file) fs.writeFileSync(`${file}.next`, text + "\n", { mode: 0o600 });
      });
      if (file) {
        fs.renameSync(`${file}.next`, file);
        out(`keyring re-wrapped under ${next.id}; ${file} now holds the new key`);
      } else {
        out(`keyring re-wrapped under ${next.id}. Set SECRETS_ROOT_KEY to the new key before the next start: the old one no longer opens the keyring.`);
      }
    },
  },
  "db migrate": {
    usage: "db migrate",
    summary: "apply pending database migrations (also done at every start)",
    async run(_p, rt) {
      out(rt.migrationsApplied.length ? `applied: ${rt.migrationsApplied.join(", ")}` : "migrations are up to date");
    },
  },
};

const ROLE_HELP = "ROLE is owner, admin or member.";

Object.assign(commands, {
  "users create": {
    usage: "users create --email E --role ROLE [--name N]",
    summary: "create a user; the password is read from stdin",
    help: `${ROLE_HELP} The password (at least 12 characters) is standard input; a trailing newline is removed.`,
    values: ["email", "role", "name"],
    async run(p) {
      const email = str(p, "email");
      const role = str(p, "role");
      if (!email || !role) throw new UsageError("--email and --role are required");
      const password = (await readStdin("password")).replace(/\r?\n$/, "");
      out(await users.createUser(actor(), { email, role: role as Role, name: str(p, "name"), password }));
    },
  },
  "users list": {
    usage: "users list [--json]",
    summary: "list users with their roles",
    booleans: ["json"],
    async run(p) {
      const list = await users.listUsers();
      if (p.flags.has("json")) return out(JSON.stringify({ users: list }, null, 2));
      if (!list.length) return out("no users");
      out(table([["EMAIL", "ROLE", "STATUS", "NAME"], ...list.map((u) => [u.email, u.role, u.disabled ? "disabled" : "active", u.name])]));
    },
  },
  "users set-role": {
    usage: "users set-role EMAIL ROLE",
    summary: "change a user's role (takes effect on their next request)",
    help: ROLE_HELP,
    async run(p) {
      if (p.positionals.length !== 2) throw new UsageError("expected EMAIL and ROLE");
      const [email, role] = p.positionals as [string, string];
      await users.setRole(actor(), await users.findUserIdByEmail(email), role as Role);
      out(`${email} is now ${role}`);
    },
  },
  "users disable": {
    usage: "users disable EMAIL",
    summary: "disable a user and end their sessions",
    async run(p) {
      const email = one(p, "EMAIL");
      await users.disableUser(actor(), await users.findUserIdByEmail(email));
      out(`disabled: ${email}`);
    },
  },
  "users reset-password": {
    usage: "users reset-password EMAIL",
    summary: "give a user a new password (read from stdin) and end their sessions",
    help: "For account recovery, including a locked-out owner: access to the server is the proof. The new password (at least 12 characters) is standard input; a trailing newline is removed.",
    async run(p) {
      const email = one(p, "EMAIL");
      const userId = await users.findUserIdByEmail(email);
      const password = (await readStdin("password")).replace(/\r?\n$/, "");
      await users.resetPassword(actor(), userId, password);
      out(`new password set for ${email}; their sessions were ended`);
    },
  },
  "users reset-2fa": {
    usage: "users reset-2fa EMAIL",
    summary: "turn off a user's two-factor sign-in (lost authenticator and recovery codes) and end their sessions",
    help: "They sign in with their password and can set up two-factor sign-in again.",
    async run(p) {
      const email = one(p, "EMAIL");
      await users.resetTwoFactor(actor(), await users.findUserIdByEmail(email));
      out(`two-factor sign-in is off for ${email}; their sessions were ended`);
    },
  },
  "users setup-code": {
    usage: "users setup-code",
    summary: "print the code that /setup asks for on a fresh install",
    async run() {
      const code = await setupCode();
      if (code === null) throw new ConflictError("setup is done: an account exists already (sign in, or use users reset-password)");
      out(code);
    },
  },
  "users enable": {
    usage: "users enable EMAIL",
    summary: "enable a disabled user",
    async run(p) {
      const email = one(p, "EMAIL");
      await users.enableUser(actor(), await users.findUserIdByEmail(email));
      out(`enabled: ${email}`);
    },
  },
} satisfies Record<string, Command>);

/** A list flag ("a,b, c") as its items; empty items dropped. */
const items = (text: string | undefined) => (text ?? "").split(",").map((t) => t.trim()).filter(Boolean);

/** The service's fields as the flags that set them, so a refusal names what to retype. */
const TOKEN_FLAGS: Record<string, { flag: string; list?: string[] }> = {
  name: { flag: "--name" },
  scopes: { flag: "--scopes" },
  expiresInDays: { flag: "--expires-in" },
  namePatterns: { flag: "--names" },
};

function tokenFlagError(err: unknown, lists: { scopes: string[]; namePatterns: string[] }): unknown {
  if (!(err instanceof ValidationError)) return err;
  const [field, index] = err.field.split(".");
  const known = field ? TOKEN_FLAGS[field] : undefined;
  if (!known) return err;
  const item = index === undefined ? undefined : lists[field as "scopes" | "namePatterns"]?.[Number(index)];
  const message = err.message.slice(err.field.length + 2);
  return new ValidationError(known.flag, item === undefined ? message : `"${item}" ${message}`);
}

Object.assign(commands, {
  "tokens create": {
    usage: "tokens create --name N --scopes secrets:read[,secrets:write] [--expires-in 90d] [--names 'STRIPE_*,PAYPAL_*']",
    summary: "create an API token; prints the token, once, and nothing else",
    help:
      "The token goes to standard output alone (capture it: TOKEN=$(secrets tokens create …)); it is stored only as a hash and cannot be shown again. " +
      "--expires-in takes a whole number and h, d, w or y (12h, 90d, 1y; at most 5y); without it the token does not expire. " +
      "--names limits the token to secrets whose names match one of the comma-separated patterns (* matches anything, letter case does not matter).",
    values: ["name", "scopes", "expires-in", "names"],
    async run(p) {
      if (p.positionals.length) throw new UsageError(`unexpected argument "${p.positionals[0]}"`);
      const name = str(p, "name");
      const scopeList = items(str(p, "scopes"));
      if (name === undefined || !p.flags.has("scopes")) throw new UsageError("--name and --scopes are required");
      const namePatterns = items(str(p, "names"));
      const expiresIn = str(p, "expires-in");
      let expiresInDays: number | undefined;
      try {
        expiresInDays = expiresIn === undefined ? undefined : parseExpiresIn(expiresIn);
      } catch (err) {
        throw err instanceof ExpiresInError ? new ValidationError("--expires-in", err.message) : err;
      }
      const { token, info } = await tokens
        .createToken(actor(), { name, scopes: scopeList as Scope[], expiresInDays, namePatterns })
        .catch((err: unknown) => {
          throw tokenFlagError(err, { scopes: scopeList, namePatterns });
        });
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `created API token "${info.name}" (${info.scopes.join(", ")}; secrets: ${describePatterns(info.namePatterns)}; ` +
          `${info.expiresAt ? `expires ${iso(info.expiresAt)}` : "never expires"}).\n` +
          "It is printed only this once: store it now (it is kept only as a hash).\n",
      );
    },
  },
  "tokens list": {
    usage: "tokens list [--json]",
    summary: "list API tokens: scopes, secrets, status, expiry, last use and reads (never the tokens)",
    booleans: ["json"],
    async run(p) {
      const list = await tokens.listTokens();
      if (p.flags.has("json")) return out(JSON.stringify({ tokens: list }, null, 2));
      if (!list.length) return out("no API tokens");
      out(
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
  },
  "tokens revoke": {
    usage: "tokens revoke NAME",
    summary: "revoke an API token: every instance refuses it within a second",
    help: "NAME is the token's name (any letter case) or id. A revoked token keeps its name, so the audit log keeps meaning one token.",
    async run(p) {
      const t = await tokens.revokeToken(actor(), one(p, "NAME"));
      out(`revoked: ${t.name} (${t.prefix}); code using it is refused from now on`);
    },
  },
} satisfies Record<string, Command>);
