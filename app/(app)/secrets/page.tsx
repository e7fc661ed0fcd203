import { requirePageRole } from "@/lib/auth/dal";
import { listSecretInfo } from "@/lib/secrets/service";
import { Card } from "@/components/ui/form";
import { RevealButton } from "@/components/secrets/reveal-button";

export const metadata = { title: "Secrets · Secrets Manager" };

/** Admin-only list of secret metadata; values are never loaded here. */
export default async function SecretsPage() {
  await requirePageRole("admin");
  const { secrets } = await listSecretInfo();
  return (
    <Card title={`Secrets (${secrets.length})`}>
      {secrets.length === 0 ? (
        <p className="text-sm text-zinc-600">No secrets yet. Create one with <code className="font-mono">bin/secrets create NAME</code>.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Description</th>
              <th className="py-2 font-medium">Updated</th>
              <th className="py-2 font-medium">Value</th>
            </tr>
          </thead>
          <tbody>
            {secrets.map((s) => (
              <tr key={s.id} className="border-t border-zinc-100">
                <td className="py-2 font-mono">{s.name}</td>
                <td className="py-2 text-zinc-600">{s.description}</td>
                <td className="py-2 text-zinc-600">{s.updatedDate.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td className="py-2">
                  <RevealButton secretId={s.id} name={s.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
