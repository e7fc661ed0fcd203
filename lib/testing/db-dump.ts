import { db } from "../db/client";

/** Every row of every table in the public schema, as PostgreSQL's text form (bytea as hex). */
export async function dumpAllTables(): Promise<string> {
  const tables = await db().$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`select t::text as row from "${table_name}" t`);
    parts.push(`-- ${table_name}`, ...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

export async function countRows(table: string): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from "${table}"`);
  return Number(rows[0]!.n);
}
