import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import { openTestKeyring } from "../testing/keyring";
import { ownerSql } from "../testing/owner-sql";
import * as secrets from "./service";

const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const unique = (prefix = "V") => `${prefix}_${crypto.randomBytes(5).toString("hex")}`;

beforeAll(async () => {
  await openTestKeyring();
});

describe("versions: a masked comparison", () => {
  it("records each value's byte length and a short keyed fingerprint, never the value", async () => {
    const id = await secrets.createSecret(admin, { name: unique(), value: "héllo" });
    await secrets.updateSecret(admin, id, { value: "other value" });
    await secrets.restoreVersion(admin, id, 1);
    const versions = await secrets.listVersions(id);
    expect(versions.map((v) => [v.version, v.length, v.current])).toEqual([
      [3, 6, true], // "héllo" is 6 bytes in UTF-8
      [2, 11, false],
      [1, 6, false],
    ]);
    const [v3, v2, v1] = versions;
    expect(v1!.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(v3!.fingerprint).toBe(v1!.fingerprint); // same value, same fingerprint
    expect(v2!.fingerprint).not.toBe(v1!.fingerprint);
    const json = JSON.stringify(versions);
    expect(json).not.toContain("héllo");
    expect(json).not.toContain("other value");
  });

  it("the fingerprint is keyed: not a plain hash of the value, and bound to the secret", async () => {
    const value = "same-value-in-two-secrets";
    const a = await secrets.createSecret(admin, { name: unique(), value });
    const b = await secrets.createSecret(admin, { name: unique(), value });
    const [fa] = await secrets.listVersions(a);
    const [fb] = await secrets.listVersions(b);
    const plain = ["sha256", "sha1", "md5"].map((h) => crypto.createHash(h).update(value).digest("hex"));
    for (const digest of plain) expect(digest.startsWith(fa!.fingerprint!)).toBe(false);
    expect(fa!.fingerprint).not.toBe(fb!.fingerprint);
  });

  it("versions written before the columns existed show null", async () => {
    const id = await secrets.createSecret(admin, { name: unique(), value: "old" });
    await ownerSql(`update secret_versions set value_length = null, fingerprint = null where secret_id = '${id}'`);
    expect(await secrets.listVersions(id)).toMatchObject([{ version: 1, length: null, fingerprint: null }]);
  });
});

describe("restore from the trash", () => {
  it("when the name was taken meanwhile: a conflict naming it and saying to restore under another name", async () => {
    const name = unique();
    const id = await secrets.createSecret(admin, { name, value: "first" });
    await secrets.deleteSecret(admin, id);
    await secrets.createSecret(admin, { name: name.toUpperCase(), value: "second" });
    const err = await secrets.restoreSecret(admin, id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toContain(`"${name}"`);
    expect((err as Error).message).toMatch(/restore it under another name/);
    const other = unique();
    await secrets.restoreSecret(admin, id, { name: other });
    expect(await secrets.getSecretValue(admin, other)).toEqual({ value: "first" });
    expect(await db().secret.count({ where: { id, deletedAt: null } })).toBe(1);
  });
});
