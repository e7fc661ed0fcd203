import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { cli } from "../testing/cli";

const name = (p = "CLA") => `${p}_${crypto.randomBytes(4).toString("hex")}`;

describe("bin/secrets update --name and aliases", () => {
  it("a rename keeps the old name as an alias (default 7 days) and says so", async () => {
    const old = name();
    const id = (await cli(["create", old], { input: "v1" })).stdout.trim();
    const next = name("NEW");
    const r = await cli(["update", old, "--name", next]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`^Updated ${next} \\(name\\)\\n"${old}" still answers as an alias until \\d{4}-\\S+Z\\n$`));
    expect((await cli(["list", "--json"])).stdout).toContain(id);
    expect((await cli(["get", old])).stdout).toBe("v1");
    expect((await cli(["get", next])).stdout).toBe("v1");

    const listed = await cli(["aliases", next]);
    expect(listed.stdout).toMatch(/ALIAS\s+EXPIRES\s+READS 30D\s+LAST READ\s+CALLERS/);
    expect(listed.stdout).toContain(old);
    expect(listed.stdout).toMatch(/cli:\S+ \(1\)/); // the read through the old name above
    const json = JSON.parse((await cli(["aliases", old, "--json"])).stdout) as { aliases: { name: string; expiresAt: string }[] };
    expect(json.aliases.map((a) => a.name)).toEqual([old]);
    const days = (Date.parse(json.aliases[0]!.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const all = JSON.parse((await cli(["aliases", "--json"])).stdout) as { aliases: { alias: string; secretName: string }[] };
    expect(all.aliases).toContainEqual(expect.objectContaining({ alias: old, secretName: next }));

    expect((await cli(["aliases", next, "--extend", old, "--days", "30"])).stderr).toMatch(new RegExp(`^Extended: "${old}" answers until \\d{4}-`));
    const ended = await cli(["aliases", next, "--end", old]);
    expect(ended).toMatchObject({ code: 0, stdout: "no aliases\n", stderr: `Ended: "${old}" no longer answers\n` });
    expect((await cli(["aliases", next, "--extend", old])).code).toBe(2);
    expect((await cli(["get", old])).code).toBe(1);
  });

  it("--alias-days N and --no-alias", async () => {
    const a = name();
    await cli(["create", a], { input: "v" });
    const b = name("B");
    expect((await cli(["update", a, "--name", b, "--alias-days", "30"])).code).toBe(0);
    const [alias] = (JSON.parse((await cli(["aliases", b, "--json"])).stdout) as { aliases: { expiresAt: string }[] }).aliases;
    expect((Date.parse(alias!.expiresAt) - Date.now()) / 86_400_000).toBeGreaterThan(29.9);

    const c = name("C");
    const r = await cli(["update", b, "--name", c, "--no-alias"]);
    expect(r.stderr).toContain(`"${b}" no longer answers: code asking for it fails from now on`);
    expect((await cli(["get", b])).code).toBe(1);
    expect((await cli(["get", a])).stdout).toBe("v"); // the first alias still lives

    expect(await cli(["update", c, "--name", name(), "--alias-days", "91"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--alias-days must be a whole number of days from 1 to 90/) });
    expect((await cli(["update", c, "--name", name(), "--alias-days", "3", "--no-alias"])).code).toBe(2);
    expect((await cli(["update", c, "--description", "x", "--no-alias"])).code).toBe(2);
  });

  it("update prints a confirmation line for every change", async () => {
    const n = name();
    await cli(["create", n], { input: "v" });
    expect(await cli(["update", n, "--description", "hello"])).toMatchObject({ stdout: "", stderr: `Updated ${n} (description)\n` });
    expect(await cli(["update", n, "--value-stdin"], { input: "w" })).toMatchObject({ stdout: "", stderr: `Updated ${n} (value)\n` });
    const versions = await cli(["versions", n]);
    expect(versions.stdout).toMatch(/VERSION\s+CREATED\s+BY\s+BYTES\s+FINGERPRINT/);
    expect(versions.stdout).toMatch(/\s1\s+[0-9a-f]{8}\s+current/);
  });
});
