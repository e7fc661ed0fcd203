import Link from "next/link";

export const metadata = { title: "Not found · Secrets Manager" };

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-zinc-600">There is nothing at this address. Check the link, or start again from the dashboard.</p>
      <div className="mt-6 flex items-center justify-center gap-4 text-sm">
        <Link href="/" className="font-medium underline">Go to the dashboard</Link>
        <Link href="/sign-in" className="font-medium underline">Sign in</Link>
      </div>
    </main>
  );
}
