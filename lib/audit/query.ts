import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AuditAction, AuditOutcome } from "./index";

/**
 * The audit log page: filters and pages done by the database, newest first
 * by (at, id). audit_events is partitioned by month; every index ends in
 * (at, id) ((secret_id, at, id), (actor, at, id), (action, at, id),
 * (outcome, at, id), and (at, id) for none), so a page is one short
 * backward index scan per month merged newest first, however many millions
 * of events there are; an actor substring uses the trigram index. Pages
 * after the first are reached by keyset ("older than this row's (at, id)",
 * or "newer than" going back), so a deep page costs what the first does;
 * a page number without a cursor is an offset, honoured only for the first
 * MAX_OFFSET rows. A page asks for one row more than it shows to know
 * whether there is a next page, instead of counting. Audit details never
 * hold a value.
 */
export type AuditQuery = {
  secretId?: string;
  /** An exact actor ("user:a@b.c"), or, with actorMatch "contains", a substring. */
  actor?: string;
  actorMatch?: "exact" | "contains";
  action?: string;
  outcome?: string;
  from?: Date;
  to?: Date;
  /** The page's number, for display; without a cursor, an offset page. */
  page?: number;
  pageSize?: 25 | 50 | 100;
  /** The rows just older than this one (the next page)… */
  older?: AuditCursor;
  /** …or just newer (the previous page). */
  newer?: AuditCursor;
};
/** A row's place in the log's order; in URLs "<epoch ms>_<id>" (see encodeAuditCursor). */
export type AuditCursor = { at: Date; id: string };
export type AuditRow = {
  id: string;
  at: Date;
  actor: string;
  source: string | null;
  action: string;
  outcome: string;
  secretId: string | null;
  secretName: string | null;
  detail: Record<string, unknown> | null;
};
export type AuditPage = {
  rows: AuditRow[];
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** Cursor of the next (older) page, when there is one. */
  next?: string;
  /** Cursor of the previous (newer) page, past the first. */
  prev?: string;
};
export type ParsedAuditQuery = Omit<AuditQuery, "page" | "pageSize"> & { page: number; pageSize: 25 | 50 | 100 };

/** An offset page past this many rows is served as the first page: deep pages go by cursor. */
export const MAX_OFFSET = 10_000;
const MAX_ID = 2n ** 63n - 1n;

export function encodeAuditCursor(row: Pick<AuditRow, "at" | "id">): string {
  return `${row.at.getTime()}_${row.id}`;
}

/** The cursor in a URL, or undefined when it is not one (never an error: URLs are typed by hand). */
export function parseAuditCursor(text: unknown): AuditCursor | undefined {
  const m = typeof text === "string" ? /^(\d{1,15})_(\d{1,19})$/.exec(text) : null;
  if (!m) return undefined;
  const at = new Date(Number(m[1]));
  if (Number.isNaN(at.getTime()) || BigInt(m[2]!) > MAX_ID) return undefined;
  return { at, id: BigInt(m[2]!).toString() };
}

export const AUDIT_ACTIONS = [
  "secret.create",
  "secret.read",
  "secret.reveal",
  "secret.copy",
  "secret.update",
  "secret.delete",
  "secret.restore",
  "secret.purge",
  "secret.version.restore",
  "secret.alias.extend",
  "secret.alias.end",
  "secret.alias.expire",
  "keys.rotate",
  "keys.retire",
  "keys.rotate-root",
  "auth.setup",
  "auth.sign-in",
  "auth.locked",
  "auth.sign-out",
  "auth.reauth",
  "user.create",
  "user.update",
  "user.password",
  "user.role",
  "user.disable",
  "user.enable",
  "user.sign-out-everywhere",
  "user.2fa",
  "site.settings",
  "session.revoke",
  "token.create",
  "token.revoke",
  "webhook.create",
  "webhook.remove",
  "webhook.resend",
  "webhook.settings",
  "audit.retention",
] as const satisfies readonly (AuditAction | SystemAuditAction)[];
/** Written by the database itself (public.audit_maintain, lib/audit/retention.ts), never through audit(). */
export type SystemAuditAction = "audit.retention";
export const AUDIT_OUTCOMES = ["allowed", "denied", "not_found", "failed"] as const satisfies readonly AuditOutcome[];
const PAGE_SIZES = [25, 50, 100] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const x = first(v);
  return typeof x === "string" && x.trim() === "" ? undefined : typeof x === "string" ? x.trim() : x;
};
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
const date = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()));

/**
 * Lenient parse of the log's URL params { secret, actor, action, outcome,
 * from, to, page, size, older, newer }: a bad value is dropped (or its
 * default used). An actor is matched exactly when it has a kind prefix
 * ("user:…"), as a substring otherwise. older and newer are row cursors
 * (the next and the previous page); older wins if both are given.
 */
export const auditQuerySchema: z.ZodType<ParsedAuditQuery> = z
  .object({
    secret: optional(z.uuid()),
    actor: optional(z.string().max(300)),
    action: optional(z.enum(AUDIT_ACTIONS)),
    outcome: optional(z.enum(AUDIT_OUTCOMES)),
    from: optional(date),
    to: optional(date),
    page: z.preprocess(first, z.coerce.number().int().min(1).max(10_000_000)).catch(1),
    size: z.preprocess(first, z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)]))).catch(25),
    older: z.preprocess((v) => parseAuditCursor(first(v)), z.custom<AuditCursor>().optional()),
    newer: z.preprocess((v) => parseAuditCursor(first(v)), z.custom<AuditCursor>().optional()),
  })
  .catch({ page: 1, size: 25, older: undefined, newer: undefined })
  .transform((p) => ({
    secretId: p.secret,
    actor: p.actor,
    actorMatch: p.actor ? actorMatchFor(p.actor) : undefined,
    action: p.action,
    outcome: p.outcome,
    from: p.from,
    to: p.to,
    page: p.page,
    pageSize: p.size,
    older: p.older,
    newer: p.older ? undefined : p.newer,
  }));

/** "user:a@b.c" (a kind prefix) is one actor; anything else is a substring. */
const actorMatchFor = (actor: string): "exact" | "contains" => (/^[a-z]+:./.test(actor) ? "exact" : "contains");

type Row = {
  id: bigint;
  at: Date;
  actor: string;
  source: string | null;
  action: string;
  outcome: string;
  secret_id: string | null;
  secret_name: string | null;
  detail: Record<string, unknown> | null;
};

/** The filters as SQL conditions; undefined when they can match nothing (a malformed secret id). */
function conditions(q: AuditQuery): Prisma.Sql[] | undefined {
  const where: Prisma.Sql[] = [];
  if (q.secretId) {
    if (!z.uuid().safeParse(q.secretId).success) return undefined;
    where.push(Prisma.sql`secret_id = ${q.secretId}::uuid`);
  }
  if (q.actor) {
    const contains = (q.actorMatch ?? actorMatchFor(q.actor)) === "contains";
    where.push(
      contains
        ? Prisma.sql`actor ilike ${`%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
        : Prisma.sql`actor = ${q.actor}`,
    );
  }
  if (q.action) where.push(Prisma.sql`action = ${q.action}`);
  if (q.outcome) where.push(Prisma.sql`outcome = ${q.outcome}`);
  if (q.from) where.push(Prisma.sql`at >= ${q.from}`);
  if (q.to) where.push(Prisma.sql`at < ${q.to}`);
  return where;
}

/** Rows older ("<", newest first) or newer (">", oldest first) than a cursor, or from an offset. */
function select(where: Prisma.Sql[], limit: number, from: { before: AuditCursor } | { after: AuditCursor } | { offset: number }) {
  const all = [...where];
  if ("before" in from) all.push(Prisma.sql`(at, id) < (${from.before.at}::timestamptz, ${from.before.id}::bigint)`);
  if ("after" in from) all.push(Prisma.sql`(at, id) > (${from.after.at}::timestamptz, ${from.after.id}::bigint)`);
  const filter = all.length ? Prisma.sql`where ${Prisma.join(all, " and ")}` : Prisma.empty;
  const order = "after" in from ? Prisma.sql`order by at asc, id asc` : Prisma.sql`order by at desc, id desc`;
  const offset = "offset" in from ? Prisma.sql`offset ${from.offset}` : Prisma.empty;
  return db().$queryRaw<Row[]>`
    select id, at, actor, source, action, outcome, secret_id, secret_name, detail
    from audit_events
    ${filter}
    ${order}
    limit ${limit} ${offset}`;
}

export async function listAuditEvents(q: AuditQuery): Promise<AuditPage> {
  const pageSize = PAGE_SIZES.includes(q.pageSize as 25) ? q.pageSize! : 25;
  let page = Math.max(1, Math.floor(q.page ?? 1) || 1);
  const where = conditions(q);
  if (!where) return { rows: [], page, pageSize, hasMore: false };
  let rows: Row[];
  let hasMore: boolean;
  if (q.older) {
    page = Math.max(2, page);
    rows = await select(where, pageSize + 1, { before: q.older });
    hasMore = rows.length > pageSize;
    rows = rows.slice(0, pageSize);
  } else if (q.newer) {
    const newer = await select(where, pageSize + 1, { after: q.newer });
    if (newer.length <= pageSize) return listAuditEvents({ ...q, newer: undefined, page: 1 }); // back at the top
    rows = newer.slice(0, pageSize).reverse();
    page = Math.max(2, page);
    hasMore = (await select(where, 1, { before: toCursor(rows.at(-1)!) })).length > 0;
  } else {
    if ((page - 1) * pageSize > MAX_OFFSET) page = 1;
    rows = await select(where, pageSize + 1, { offset: (page - 1) * pageSize });
    hasMore = rows.length > pageSize;
    rows = rows.slice(0, pageSize);
  }
  const shown = rows.map(toAuditRow);
  return {
    rows: shown,
    page,
    pageSize,
    hasMore,
    next: hasMore && shown.length ? encodeAuditCursor(shown.at(-1)!) : undefined,
    prev: page > 1 && shown.length ? encodeAuditCursor(shown[0]!) : undefined,
  };
}

const toCursor = (r: Row): AuditCursor => ({ at: r.at, id: r.id.toString() });

const toAuditRow = (r: Row): AuditRow => ({
  id: r.id.toString(),
  at: r.at,
  actor: r.actor,
  source: r.source,
  action: r.action,
  outcome: r.outcome,
  secretId: r.secret_id,
  secretName: r.secret_name,
  detail: r.detail,
});
