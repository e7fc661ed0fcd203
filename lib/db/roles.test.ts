import pg from "pg";
import { describe, expect, it } from "vitest";
import { config } from "../config";

/** The app's role on a migrated database (this file's clone of the test template, provisioned like production). */
async function asApp(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: config().databaseUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe("the app role and the audit log", () => {
  it("may append events and mark a read's outcome, but never delete or rewrite them", async () => {
    const { rows } = await asApp(
      "insert into audit_events (actor, action, outcome) values ('test', 'secret.read', 'allowed') returning id",
    );
    const id = rows[0].id as string;
    await asApp("update audit_events set outcome = 'failed', detail = '{\"error\":\"integrity\"}' where id = $1", [id]);
    for (const sql of [
      "delete from audit_events where id = $1",
      "update audit_events set actor = 'someone else' where id = $1",
      "update audit_events set at = now() - interval '1 year' where id = $1",
    ]) {
      await expect(asApp(sql, [id]), sql).rejects.toThrow(/permission denied/);
    }
    await expect(asApp("truncate audit_events")).rejects.toThrow(/permission denied|must be owner/);
    expect((await asApp("select actor, outcome from audit_events where id = $1", [id])).rows[0]).toEqual({ actor: "test", outcome: "failed" });
  });
});
