import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";

/**
 * The dashboard's secrets list: search, sort and pages, all done by the
 * database and each served by an index, so a page costs the same at 100 and
 * at 100,000 secrets (lib/bench/run.ts measures it). "Last read" and
 * "readers" are columns of secrets kept by the usage flush, never an
 * aggregate over secret_reads; the unfiltered total is the sum of the
 * trigger-kept slots of secret_counts. Trashed secrets are not listed.
 */
export type SecretSort = "name" | "description" | "updated" | "created" | "lastRead" | "readers";
export type ListQuery = { search?: string; sort?: SecretSort; dir?: "asc" | "desc"; page?: number; pageSize?: 25 | 50 | 100 };
export type SecretListRow = {
  id: string;
  name: string;
  description: string;
  createdDate: Date;
  updatedDate: Date;
  lastReadAt: Date | null;
  /** Distinct callers in the last 30 days. */
  readers: number;
};
export type ParsedListQuery = Required<Omit<ListQuery, "search">> & { search: string };

export const SECRET_SORTS = ["name", "description", "updated", "created", "lastRead", "readers"] as const satisfies readonly SecretSort[];
export const PAGE_SIZES = [25, 50, 100] as const;
export const SEARCH_MAX = 200;

/** Each sort key's column; every one has an index on (column, id). */
const COLUMN: Record<SecretSort, string> = {
  name: "name_key",
  description: "description",
  updated: "updated_at",
  created: "created_at",
  lastRead: "last_read_at",
  readers: "readers_30d",
};

// URL search params arrive as string | string[] | undefined: take the first.
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const param = <T extends z.ZodType>(schema: T, fallback: z.output<T>) => z.preprocess(first, schema).catch(fallback);

/** Lenient parse of the list's URL params { q, sort, dir, page, size }: a bad value falls back to its default. */
export const listQuerySchema: z.ZodType<ParsedListQuery> = z
  .object({
    q: param(z.string(), ""),
    sort: param(z.enum(SECRET_SORTS), "name"),
    dir: param(z.enum(["asc", "desc"]), "asc"),
    page: param(z.coerce.number().int().min(1).max(1_000_000), 1),
    size: param(z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)])), 25),
  })
  .catch({ q: "", sort: "name", dir: "asc", page: 1, size: 25 })
  .transform((p) => ({ search: p.q.trim().slice(0, SEARCH_MAX), sort: p.sort, dir: p.dir, page: p.page, pageSize: p.size }));

type Row = {
  id: string;
  name: string;
  description: string;
  created_at: Date;
  updated_at: Date;
  last_read: Date | null;
  readers_30d: number;
};

export async function listSecrets(q: ListQuery): Promise<{ rows: SecretListRow[]; total: number; page: number; pageSize: number }> {
  const sort: SecretSort = SECRET_SORTS.includes(q.sort as SecretSort) ? q.sort! : "name";
  const dir = q.dir === "desc" ? "desc" : "asc";
  const pageSize = PAGE_SIZES.includes(q.pageSize as 25) ? q.pageSize! : 25;
  const search = (q.search ?? "").trim().slice(0, SEARCH_MAX);
  const where = search
    ? Prisma.sql`deleted_at is null and (name_key ilike ${likePattern(search)} or description ilike ${likePattern(search)})`
    : Prisma.sql`deleted_at is null`;

  const total = search ? await countMatching(where) : await countLive();
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(q.page ?? 1) || 1), lastPage);
  if (total === 0) return { rows: [], total, page, pageSize };

  // Column and direction come from the fixed maps above, never from input;
  // no output column shares a name with a sort column, so ORDER BY sees the table's.
  const order = Prisma.raw(`${COLUMN[sort]} ${dir}, id ${dir}`);
  const rows = await db().$queryRaw<Row[]>`
    select id, name, description, created_at, updated_at, readers_30d,
           case when last_read_at = '-infinity' then null else last_read_at end as last_read
    from secrets
    where ${where}
    order by ${order}
    limit ${pageSize} offset ${(page - 1) * pageSize}`;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      createdDate: r.created_at,
      updatedDate: r.updated_at,
      lastReadAt: r.last_read,
      readers: r.readers_30d,
    })),
    total,
    page,
    pageSize,
  };
}

/** The number of live secrets, from the counter slots (no scan). */
export async function countLive(): Promise<number> {
  const rows = await db().$queryRaw<{ live: bigint | null }[]>`select sum(live)::bigint as live from secret_counts`;
  return Number(rows[0]?.live ?? 0);
}

async function countMatching(where: Prisma.Sql): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`select count(*) as n from secrets where ${where}`;
  return Number(rows[0]?.n ?? 0);
}

/** A LIKE pattern matching `text` anywhere, with its wildcards taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
