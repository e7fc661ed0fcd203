import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AuditAction, AuditOutcome } from "./index";

/**
 * The audit log page: filters and pages done by the database, newest first.
 * Each filter has an index that also yields the time order (audit_events
 * (secret_id, at), (actor, at), (action, at), (outcome, at), and (at) for
 * none), so a page reads about one page of index entries however large the
 * table; an actor substring uses the trigram index. A page asks for one row
 * more than it shows to know whether there is a next page, instead of
 * counting. Audit details never hold a value.
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
  page?: number;
  pageSize?: 25 | 50 | 100;
};
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
export type ParsedAuditQuery = Omit<AuditQuery, "page" | "pageSize"> & { page: number; pageSize: 25 | 50 | 100 };

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
] as const satisfies readonly AuditAction[];
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
 * from, to, page, size }: a bad value is dropped (or its default used).
 * An actor is matched exactly when it has a kind prefix ("user:…"), as a
 * substring otherwise.
 */
export const auditQuerySchema: z.ZodType<ParsedAuditQuery> = z
  .object({
    secret: optional(z.uuid()),
    actor: optional(z.string().max(300)),
    action: optional(z.enum(AUDIT_ACTIONS)),
    outcome: optional(z.enum(AUDIT_OUTCOMES)),
    from: optional(date),
    to: optional(date),
    page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000)).catch(1),
    size: z.preprocess(first, z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)]))).catch(25),
  })
  .catch({ page: 1, size: 25 })
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

export async function listAuditEvents(q: AuditQuery): Promise<{ rows: AuditRow[]; page: number; pageSize: number; hasMore: boolean }> {
  const pageSize = PAGE_SIZES.includes(q.pageSize as 25) ? q.pageSize! : 25;
  const page = Math.max(1, Math.floor(q.page ?? 1) || 1);
  const where: Prisma.Sql[] = [];
  if (q.secretId) {
    if (!z.uuid().safeParse(q.secretId).success) return { rows: [], page, pageSize, hasMore: false };
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
  const filter = where.length ? Prisma.sql`where ${Prisma.join(where, " and ")}` : Prisma.empty;
  const rows = await db().$queryRaw<Row[]>`
    select id, at, actor, source, action, outcome, secret_id, secret_name, detail
    from audit_events
    ${filter}
    order by at desc, id desc
    limit ${pageSize + 1} offset ${(page - 1) * pageSize}`;
  return {
    rows: rows.slice(0, pageSize).map((r) => ({
      id: r.id.toString(),
      at: r.at,
      actor: r.actor,
      source: r.source,
      action: r.action,
      outcome: r.outcome,
      secretId: r.secret_id,
      secretName: r.secret_name,
      detail: r.detail,
    })),
    page,
    pageSize,
    hasMore: rows.length > pageSize,
  };
}
