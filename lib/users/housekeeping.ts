import "server-only";
import { db } from "../db/client";
import { purgeEndedWindows } from "./throttle";

/**
 * Deletes sign-in rows that can no longer do anything, so the tables do not
 * grow without bound. Plain deletes by time: safe to run from several
 * instances at once. Ended sessions are kept for a grace period (the account
 * page and the users list show recent activity), and each user's most
 * recently seen session is kept whatever its age, so "last seen" survives.
 */
export const ENDED_SESSION_GRACE_DAYS = 30;

export type Purged = { sessions: number; tickets: number; throttle: number };

export async function purgeExpiredAuthRows(now: Date = new Date()): Promise<Purged> {
  const cutoff = new Date(now.getTime() - ENDED_SESSION_GRACE_DAYS * 86_400_000);
  const sessions = await db().$executeRaw`
    delete from sessions s
    where (s.revoked_at < ${cutoff} or s.expires_at < ${cutoff})
      and exists (select 1 from sessions newer where newer.user_id = s.user_id and newer.last_seen_at > s.last_seen_at)`;
  const tickets = await db().$executeRaw`delete from sign_in_tickets where expires_at <= ${now}`;
  const throttle = await purgeEndedWindows(now);
  return { sessions, tickets, throttle };
}
