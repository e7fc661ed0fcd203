import { connection } from "next/server";
import { storeStatus } from "@/lib/secrets/status";

export default async function HomePage() {
  await connection();
  const status = await storeStatus();
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <p className="text-sm font-medium uppercase tracking-wide text-zinc-500">Self-hosted</p>
      <h1 className="mt-1 text-3xl font-semibold">Secrets Manager</h1>
      <p className="mt-4 text-zinc-600">
        Secrets are stored encrypted (AES-256-GCM, one data key per value, wrapped by a rotating key-encryption key).
        The dashboard and sign-in arrive next; until then use the command line: <code className="font-mono">bin/secrets --help</code>.
      </p>
      <dl className="mt-8 grid grid-cols-2 gap-4" aria-label="Store status">
        <div className="rounded-lg border border-zinc-200 bg-white p-4">
          <dt className="text-sm text-zinc-500">Database</dt>
          <dd className="mt-1 font-medium" data-testid="db-status">{status.database}</dd>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-4">
          <dt className="text-sm text-zinc-500">Keyring</dt>
          <dd className="mt-1 font-medium" data-testid="keyring-status">{status.keyring}</dd>
        </div>
      </dl>
    </main>
  );
}
