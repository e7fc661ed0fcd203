import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-zinc-600">Your account does not have access to this page.</p>
      <Link href="/account" className="mt-6 inline-block text-sm font-medium underline">
        Go to your account
      </Link>
    </main>
  );
}
