import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { ConfigError } from "../config";
import { db } from "../db/client";
import * as secrets from "../secrets/service";
import { currentRootKey, setKeyring } from "./index";
import { Keyring } from "./keyring";
import { generateRootKeyText, LocalRootKey, parseRootKey, type RootKeySource } from "./root-key";
import { retireKek, rotateKek, rotateRootKey } from "./rotation";

/**
 * Processes stay coherent: "A" is a running server (the keyring the service
 * layer uses), "B" another process over the same database — `bin/secrets
 * keys rotate-root` or `keys rotate`. A keeps reading old and new values and
 * writing, without a restart.
 */
const actor: Actor = { id: "cli:test", source: "cli" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keys-coherence-"));
const file = path.join(dir, "root.key");
const fromFile = (f: string) => new LocalRootKey(parseRootKey(fs.readFileSync(f, "utf8"), f));
const fileSource = (): RootKeySource => ({ provider: fromFile(file), from: "file", file });

let a: Keyring;
const values = new Map<string, string>();

async function write(name: string) {
  const value = `value of ${name} ${crypto.randomUUID()}`;
  await secrets.createSecret(actor, { name, value });
  values.set(name, value);
}

async function aReadsEverything() {
  for (const [name, value] of values) expect(await secrets.getSecretValue(actor, name)).toEqual({ value });
}

/** B as the CLI runs it: new key to `<file>.next` before the commit, renamed after (unless it "crashes" in between). */
async function bRotatesRoot(opts: { rename: boolean } = { rename: true }) {
  const b = new Keyring(fromFile(file), { reloadRoot: fileSource });
  await b.load();
  const text = generateRootKeyText();
  const next = new LocalRootKey(parseRootKey(text, "next"));
  await rotateRootKey(b, next, actor, async () => fs.writeFileSync(`${file}.next`, text + "\n", { mode: 0o600 }));
  if (opts.rename) fs.renameSync(`${file}.next`, file);
  return { b, next };
}

beforeAll(async () => {
  fs.writeFileSync(file, generateRootKeyText() + "\n", { mode: 0o600 });
  a = new Keyring(fromFile(file), { reloadRoot: fileSource });
  await a.load();
  setKeyring(a);
  await db().user.create({ data: { id: crypto.randomUUID(), email: "o@example.test", emailKey: "o@example.test", role: "owner" } });
  await write("BEFORE_ANY_ROTATION");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a running process after another rotates keys", () => {
  it("keys rotate in B: A writes under the new KEK and reads old and new values", async () => {
    const b = new Keyring(fromFile(file), { reloadRoot: fileSource });
    await b.load();
    const { kekId } = await rotateKek(b, actor);
    await write("AFTER_KEK_ROTATION");
    const v = await db().secretVersion.findFirst({ where: { secret: { name: "AFTER_KEK_ROTATION" } }, select: { kekId: true } });
    expect(v!.kekId).toBe(kekId);
    await aReadsEverything();
  });

  it("keys rotate-root in B: A follows the key file, for KEKs made afterwards and for root-derived keys", async () => {
    const oldRoot = a.root;
    const { b, next } = await bRotatesRoot();
    // Nothing forces a reload yet: old KEKs are in A's memory, reads go on.
    await aReadsEverything();
    // A key derived from the root key (TOTP secrets) must be the new one's.
    const derived = await (await currentRootKey()).deriveKey("totp/v1");
    expect(derived.equals(await next.deriveKey("totp/v1"))).toBe(true);
    expect(a.root.id).toBe(next.id);
    expect(a.root.id).not.toBe(oldRoot.id);

    // A KEK created after the rotation is wrapped by the new root key only.
    await rotateKek(b, actor);
    await write("AFTER_ROOT_ROTATION");
    await aReadsEverything();
  });

  it("a KEK made by B under a new root is found by A before it checked the root (reload on an unknown KEK)", async () => {
    const { b } = await bRotatesRoot();
    const { kekId } = await rotateKek(b, actor);
    // A's first contact with the new root is the unknown active KEK of a write.
    await write("UNKNOWN_KEK_FIRST");
    expect(await db().secretVersion.count({ where: { kekId } })).toBe(values.size);
    await aReadsEverything();
    const retired = (await db().kek.findMany({ where: { NOT: { id: kekId } }, select: { id: true } })).map((k) => k.id);
    for (const id of retired) await retireKek(b, actor, id);
    await aReadsEverything();
  });

  it("B crashed between its commit and the rename: A finds the new key in <file>.next", async () => {
    const { next } = await bRotatesRoot({ rename: false });
    expect((await currentRootKey()).id).toBe(next.id);
    await write("AFTER_CRASHED_ROTATION");
    await aReadsEverything();
    fs.renameSync(`${file}.next`, file);
  });

  it("with the root key from the environment, A cannot learn the new key: a clear error, not a silent failure", async () => {
    const envRoot = fromFile(file);
    const envA = new Keyring(envRoot, { reloadRoot: () => ({ provider: envRoot, from: "env" }) });
    await envA.load();
    const { b } = await bRotatesRoot();
    await expect(envA.currentRoot()).rejects.toBeInstanceOf(ConfigError);
    await expect(envA.currentRoot()).rejects.toThrow(/keys rotate-root ran in another process.*SECRETS_ROOT_KEY.*restart/);
    // Its KEKs in memory still work; a KEK it never saw does not, clearly.
    const { kekId } = await rotateKek(b, actor);
    await expect(envA.key(kekId)).rejects.toThrow(/Set SECRETS_ROOT_KEY to the new key and restart/);
  });
});
