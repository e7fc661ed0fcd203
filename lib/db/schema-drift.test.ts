import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "./client";

/**
 * schema.prisma and prisma/migrations must describe the same database. The
 * migrations were applied to this file's database; this test reads the
 * schema's models and compares tables, columns (type, nullability), primary
 * keys, indexes and foreign keys with what PostgreSQL reports.
 */
const SCHEMA = fs.readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");

const SCALAR_DEFAULTS: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp without time zone(3)",
  Bytes: "bytea",
  Json: "jsonb",
  Float: "double precision",
};

function nativeType(attr: string): string {
  const m = /^@db\.(\w+)(?:\((\d+)\))?/.exec(attr)!;
  const [, kind, arg] = m;
  switch (kind) {
    case "VarChar":
      return `character varying(${arg})`;
    case "Uuid":
      return "uuid";
    case "Timestamptz":
      return `timestamp with time zone(${arg ?? 6})`;
    case "Timestamp":
      return `timestamp without time zone(${arg ?? 6})`;
    case "Date":
      return "date";
    case "Text":
      return "text";
    default:
      throw new Error(`add @db.${kind} to the drift test`);
  }
}

function expectedFromSchema() {
  const facts = new Set<string>();
  const models = [...SCHEMA.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const tableOf = new Map<string, string>();
  const columnsOf = new Map<string, Map<string, string>>();
  for (const [, model, body] of models) {
    tableOf.set(model!, /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? model!);
  }
  for (const [, model, body] of models) {
    const table = tableOf.get(model!)!;
    const cols = new Map<string, string>();
    columnsOf.set(model!, cols);
    for (const raw of body!.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const m = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, field, type, modifier, attrs] = m;
      if (!SCALAR_DEFAULTS[type!]) continue; // relation field
      const column = /@map\("(\w+)"\)/.exec(attrs!)?.[1] ?? field!;
      cols.set(field!, column);
      const dbAttr = /@db\.\w+(\(\d+\))?/.exec(attrs!)?.[0];
      const sqlType = (dbAttr ? nativeType(dbAttr) : SCALAR_DEFAULTS[type!]) + (modifier === "[]" ? "[]" : "");
      facts.add(`column ${table}.${column} ${sqlType} ${modifier === "?" ? "null" : "not null"}`);
      if (/@id\b/.test(attrs!)) facts.add(`pk ${table}(${column})`);
      if (/@unique\b/.test(attrs!)) facts.add(`unique ${table}(${column})`);
    }
  }
  // A field may carry operator classes: nameKey(ops: raw("gin_trgm_ops")) -> "name_key gin_trgm_ops".
  const colList = (model: string, list: string) =>
    list
      .split(",")
      .map((f) => {
        const [, field, ops] = /^\s*(\w+)(?:\(ops: raw\("(\w+)"\)\))?\s*$/.exec(f)!;
        return [columnsOf.get(model)!.get(field!)!, ops].filter(Boolean).join(" ");
      })
      .join(",");
  for (const [, model, body] of models) {
    const table = tableOf.get(model!)!;
    for (const [, list] of body!.matchAll(/@@id\(\[([^\]]+)\]\)/g)) facts.add(`pk ${table}(${colList(model!, list!)})`);
    for (const [, list] of body!.matchAll(/@@unique\(\[([^\]]+)\]\)/g)) facts.add(`unique ${table}(${colList(model!, list!)})`);
    for (const [, list] of body!.matchAll(/@@index\(\[([^\]]+)\](?:, type: \w+)?(?:, map: "\w+")?\)/g)) facts.add(`index ${table}(${colList(model!, list!)})`);
    for (const [, target, fields, refs, onDelete] of body!.matchAll(
      /^\s*\w+\s+(\w+)\??\s+@relation\(fields: \[([^\]]+)\], references: \[([^\]]+)\](?:, onDelete: (\w+))?\)/gm,
    )) {
      const rule = (onDelete ?? "Restrict").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
      facts.add(`fk ${table}(${colList(model!, fields!)}) -> ${tableOf.get(target!)}(${colList(target!, refs!)}) on delete ${rule}`);
    }
  }
  return facts;
}

async function actualFromDatabase() {
  const facts = new Set<string>();
  const columns = await db().$queryRaw<
    { table_name: string; column_name: string; data_type: string; udt_name: string; len: number | null; prec: number | null; is_nullable: string }[]
  >`
    select table_name, column_name, data_type, udt_name, character_maximum_length as len, datetime_precision as prec, is_nullable
    from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'`;
  for (const c of columns) {
    // An array column: "ARRAY" with the element type's udt_name ("_text"); schema.prisma says String[].
    let type = c.data_type === "ARRAY" ? `${c.udt_name.replace(/^_/, "")}[]` : c.data_type;
    if (type === "character varying") type += `(${c.len})`;
    if (type.startsWith("timestamp")) type += `(${c.prec})`;
    facts.add(`column ${c.table_name}.${c.column_name} ${type} ${c.is_nullable === "YES" ? "null" : "not null"}`);
  }
  const indexes = await db().$queryRaw<{ tablename: string; indexdef: string; is_pk: boolean }[]>`
    select i.tablename, i.indexdef, coalesce(c.contype = 'p', false) as is_pk
    from pg_indexes i left join pg_constraint c on c.conname = i.indexname and c.contype = 'p'
    where i.schemaname = 'public' and i.tablename <> '_prisma_migrations'`;
  for (const i of indexes) {
    const cols = /\(([^)]+)\)\s*$/.exec(i.indexdef)![1]!.split(",").map((c) => c.trim().replace(/"/g, "")).join(",");
    const kind = i.is_pk ? "pk" : /UNIQUE INDEX/.test(i.indexdef) ? "unique" : "index";
    facts.add(`${kind} ${i.tablename}(${cols})`);
  }
  const fks = await db().$queryRaw<{ tbl: string; cols: string; ref: string; refcols: string; rule: string }[]>`
    select c.conrelid::regclass::text as tbl, c.confrelid::regclass::text as ref,
      (select string_agg(a.attname, ',' order by k.n) from unnest(c.conkey) with ordinality k(attnum, n)
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as cols,
      (select string_agg(a.attname, ',' order by k.n) from unnest(c.confkey) with ordinality k(attnum, n)
         join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as refcols,
      case c.confdeltype when 'c' then 'CASCADE' when 'r' then 'RESTRICT' when 'n' then 'SET NULL' when 'a' then 'NO ACTION' else 'SET DEFAULT' end as rule
    from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`;
  for (const f of fks) facts.add(`fk ${f.tbl}(${f.cols}) -> ${f.ref}(${f.refcols}) on delete ${f.rule}`);
  return facts;
}

describe("schema.prisma and the migrations", () => {
  it("describe the same tables, columns, keys, indexes and foreign keys", async () => {
    const expected = expectedFromSchema();
    const actual = await actualFromDatabase();
    expect(expected.size).toBeGreaterThan(50);
    const missing = [...expected].filter((f) => !actual.has(f)).sort();
    const extra = [...actual].filter((f) => !expected.has(f)).sort();
    expect({ missingFromMigrations: missing, notInSchema: extra }).toEqual({ missingFromMigrations: [], notInSchema: [] });
  });
});
