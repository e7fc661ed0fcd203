/**
 * A stand-in for another app instance, for lib/tokens/coherence.test.ts: it
 * authenticates PROBE_TOKEN every 10 ms through its own cache and prints
 * "ready" once the token is cached (and, unless PROBE_LISTEN=0, once it
 * hears notices), then "refused <message>" at the first refusal, and exits.
 * With PROBE_LISTEN=0 it stops hearing notices, so only the cache's
 * under-a-second limit can make it notice a revocation.
 */
import { isListening, stopListening } from "../db/notify";
import { closePool } from "../db/pool";
import { authenticateToken } from "./authenticate";

const token = process.env.PROBE_TOKEN ?? "";
const listen = process.env.PROBE_LISTEN !== "0";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  await authenticateToken(token);
  for (let i = 0; i < 1000 && !isListening(); i++) await sleep(10);
  if (!isListening()) throw new Error("never heard notices");
  if (!listen) await stopListening();
  // Cached after the listener's start (which drops every entry).
  await authenticateToken(token);
  process.stdout.write(`ready listening=${isListening()}\n`);
  for (;;) {
    try {
      await authenticateToken(token);
    } catch (err) {
      process.stdout.write(`refused ${(err as Error).message}\n`);
      break;
    }
    await sleep(10);
  }
  await stopListening();
  await closePool();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`probe failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
