import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { openTestKeyring } from "../testing/keyring";
import { listSecrets } from "./list";
import { seedSecrets } from "./seed";
import * as secrets from "./service";

const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };

beforeAll(async () => {
  await openTestKeyring();
});

describe("seedSecrets", () => {
  it("creates N secrets in batches that read, reveal, rename and restore like any other (envelope encryption, MACs)", async () => {
    const before = (await listSecrets({})).total;
    const progress: number[] = [];
    const { created, names } = await seedSecrets({ count: 250, prefix: "sd_", batchSize: 100, onProgress: (n) => progress.push(n) });
    expect(created).toBe(250);
    expect(progress.at(-1)).toBe(250);
    expect(new Set(names).size).toBe(250);
    expect(names.every((n) => /^sd_[0-9a-f]{12}$/.test(n))).toBe(true);
    expect((await listSecrets({})).total).toBe(before + 250);
    expect((await listSecrets({ search: "sd_" })).total).toBe(250);

    const { value } = await secrets.getSecretValue(admin, names[0]!);
    expect(value).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const id = await secrets.findSecretId(names[1]!);
    expect((await secrets.revealSecret(admin, id, "reveal")).value).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await secrets.listVersions(id)).toMatchObject([{ version: 1, length: 32, fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) }]);
    await secrets.updateSecret(admin, id, { value: "next" });
    await secrets.restoreVersion(admin, id, 1);
    await secrets.updateSecret(admin, id, { name: "sd_renamed" });
    expect((await secrets.getSecretValue(admin, names[1]!)).value).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // No value in the database in the clear.
    const [{ n }] = (await db().$queryRaw<{ n: bigint }[]>`
      select count(*) as n from secret_versions where position(convert_to(${value}, 'UTF8') in ciphertext) > 0`) as [{ n: bigint }];
    expect(n).toBe(0n);
    expect(await db().auditEvent.count({ where: { action: "secret.create", actor: "seed" } })).toBe(250);
  });

  it("refuses a bad prefix", async () => {
    await expect(seedSecrets({ count: 1, prefix: "bad prefix" })).rejects.toThrow(/prefix/);
    await expect(seedSecrets({ count: 1, prefix: "x".repeat(40) })).rejects.toThrow(/prefix/);
  });
});
