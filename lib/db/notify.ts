import "server-only";
import pg from "pg";
import { config } from "../config";

/**
 * Cache invalidation between instances (PostgreSQL LISTEN/NOTIFY). A change
 * that other processes may have cached (a token revoked, keys rotated)
 * calls notifyChange() inside its transaction, so the notice is sent only
 * if the change commits. Each process keeps one listening connection; while
 * it is down (or just re-established, when notices may have been missed)
 * every subscriber is told "*" and must treat its whole cache as stale, and
 * isListening() is false so caches know not to trust themselves.
 */
export type Topic = "tokens" | "keys" | "secrets";
const CHANNEL = "secrets_manager";

type Handler = (payload: string) => void;
const handlers = new Map<Topic, Set<Handler>>();
let client: pg.Client | undefined;
let listening = false;
let starting: Promise<void> | undefined;
let retry: NodeJS.Timeout | undefined;
let stopped = false;

/** Subscribes to a topic; starts this process's listener on first use. Returns an unsubscribe function. */
export function onChange(topic: Topic, fn: Handler): () => void {
  let set = handlers.get(topic);
  if (!set) handlers.set(topic, (set = new Set()));
  set.add(fn);
  stopped = false;
  void startListening();
  return () => set.delete(fn);
}

/** True while notices are being received: a cache may then keep entries until told otherwise. */
export const isListening = () => listening;

/** Sends a notice when the surrounding transaction commits (or at once outside one). */
export async function notifyChange(
  q: { $executeRaw: (query: TemplateStringsArray, ...values: unknown[]) => Promise<number> },
  topic: Topic,
  payload = "*",
): Promise<void> {
  await q.$executeRaw`select pg_notify(${CHANNEL}, ${`${topic}:${payload}`})`;
}

function dispatch(topic: Topic | "*", payload: string) {
  for (const [t, set] of handlers) {
    if (topic !== "*" && t !== topic) continue;
    for (const fn of set) {
      try {
        fn(payload);
      } catch {
        // A subscriber's failure must not stop the others.
      }
    }
  }
}

async function startListening(): Promise<void> {
  if (client || starting || stopped) return starting;
  starting = (async () => {
    const url = config().databaseUrl;
    if (!url) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      listening = false;
      dispatch("*", "*");
      if (!stopped) retry = setTimeout(() => void startListening(), 1000).unref();
    };
    c.on("error", lost);
    c.on("end", lost);
    c.on("notification", (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      const at = n.payload.indexOf(":");
      dispatch(n.payload.slice(0, at) as Topic, n.payload.slice(at + 1));
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      // The connection must not keep a CLI process alive.
      (c as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      client = c;
      listening = true;
      // Notices sent before this moment were missed: every cache starts over.
      dispatch("*", "*");
    } catch {
      await c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void startListening(), 1000).unref();
    }
  })().finally(() => (starting = undefined));
  return starting;
}

export async function stopListening() {
  stopped = true;
  clearTimeout(retry);
  const c = client;
  client = undefined;
  listening = false;
  await c?.end().catch(() => {});
}
