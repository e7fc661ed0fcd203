import pg from "pg";
import { config } from "../config";

/**
 * Runs SQL as the database's owner role (the migrations' role). The app's
 * own role cannot change the schema, so tests that break the database on
 * purpose (a failing trigger) use this.
 */
export async function ownerSql(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: config().databaseOwnerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
