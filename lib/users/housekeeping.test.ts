import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { openTestKeyring } from "../testing/keyring";
import { ENDED_SESSION_GRACE_DAYS, purgeExpiredAuthRows } from "./housekeeping";
import { windowSeconds } from "./throttle";
import { createUser } from "./users";

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  await openTestKeyring();
});

async function session(userId: string, opts: { lastSeen: Date; expires: Date; revoked?: Date }): Promise<string> {
  const id = crypto.randomUUID();
  await db().session.create({ data: { id, userId, lastSeenAt: opts.lastSeen, expiresAt: opts.expires, revokedAt: opts.revoked ?? null } });
  return id;
}

describe("purgeExpiredAuthRows", () => {
  it("deletes what can no longer do anything and keeps the rest", async () => {
    const actor = { id: "test" };
    const user = await createUser(actor, { email: "busy@example.test", role: "member", password: "correct horse battery staple" });
    const idle = await createUser(actor, { email: "idle@example.test", role: "member", password: "correct horse battery staple" });
    const old = (ENDED_SESSION_GRACE_DAYS + 5) * DAY;
    const expiredLongAgo = await session(user, { lastSeen: ago(old + DAY), expires: ago(old) });
    const revokedLongAgo = await session(user, { lastSeen: ago(old), expires: new Date(Date.now() + DAY), revoked: ago(old) });
    const revokedRecently = await session(user, { lastSeen: ago(DAY), expires: new Date(Date.now() + DAY), revoked: ago(DAY) });
    const live = await session(user, { lastSeen: new Date(), expires: new Date(Date.now() + DAY) });
    // The idle user's only session is long expired, but it is all that says when they were last seen.
    const idleLast = await session(idle, { lastSeen: ago(old + DAY), expires: ago(old) });

    await db().signInTicket.createMany({
      data: [
        { tokenHash: "expired".padEnd(64, "0"), userId: user, expiresAt: ago(1000) },
        { tokenHash: "valid".padEnd(64, "0"), userId: user, expiresAt: new Date(Date.now() + 60_000) },
      ],
    });
    await db().authThrottle.createMany({
      data: [
        { key: "ip:ended", windowStart: ago(windowSeconds() * 1000 + 1000), failures: 9 },
        { key: "ip:current", windowStart: new Date(), failures: 3 },
      ],
    });

    const purged = await purgeExpiredAuthRows();
    expect(purged).toEqual({ sessions: 2, tickets: 1, throttle: 1 });
    const left = (await db().session.findMany({ select: { id: true } })).map((s) => s.id);
    expect(left).toEqual(expect.arrayContaining([revokedRecently, live, idleLast]));
    expect(left).not.toContain(expiredLongAgo);
    expect(left).not.toContain(revokedLongAgo);
    expect((await db().signInTicket.findMany()).map((t) => t.tokenHash)).toEqual(["valid".padEnd(64, "0")]);
    expect((await db().authThrottle.findMany()).map((t) => t.key)).toEqual(["ip:current"]);

    // A later clock ends the rest of the windows and tickets; running it again is harmless.
    expect(await purgeExpiredAuthRows(new Date(Date.now() + 2 * DAY))).toMatchObject({ tickets: 1, throttle: 1 });
    expect(await purgeExpiredAuthRows(new Date(Date.now() + 2 * DAY))).toEqual({ sessions: 0, tickets: 0, throttle: 0 });
  });
});
