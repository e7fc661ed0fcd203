import Link from "next/link";
import { ShieldX } from "lucide-react";
import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";

export const metadata = { title: "Not allowed · Secrets Manager" };

export default function Forbidden() {
  return (
    <StatusPage
      icon={<ShieldX />}
      code="403"
      title="Not allowed"
      actions={
        <>
          <Button asChild>
            <Link href="/account">Go to your account</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/">Go to the dashboard</Link>
          </Button>
        </>
      }
    >
      <p>Your account does not have access to this page. If you need it, ask the owner of this Secrets Manager to change your role.</p>
    </StatusPage>
  );
}
