import "server-only";
import pg from "pg";
import { config } from "../config";

/**
 * The REST API's own connection pool (raw pg, no ORM): the hot read path
 * (lib/secrets/read.ts) and the API's small statements use it. It is apart
 * from the dashboard's Prisma pool, so a flood of API requests waits here
 * and never takes the connections the dashboard needs.
 */
let current: pg.Pool | undefined;

export function pool(): pg.Pool {
  if (!current) {
    const { databaseUrl, apiPoolMax } = config();
    if (!databaseUrl) throw new Error("DATABASE_URL is not set: start the app through bin/secrets or npm start");
    // Reads audit in their own statement; their commits need not wait for the WAL flush (docs/api.md). Writes use the Prisma pool.
    current = new pg.Pool({ connectionString: databaseUrl, max: apiPoolMax, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, options: "-c synchronous_commit=off" });
    // An idle connection the server dropped must not crash the process.
    current.on("error", () => {});
  }
  return current;
}

/** Requests waiting for a connection of this pool (the API refuses new work past a bound). */
export const poolWaiting = () => current?.waitingCount ?? 0;

export async function closePool() {
  const p = current;
  current = undefined;
  await p?.end().catch(() => {});
}
