import Link from "next/link";
import { FileQuestion } from "lucide-react";
import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";

export const metadata = { title: "Not found · Secrets Manager" };

export default function NotFound() {
  return (
    <StatusPage
      icon={<FileQuestion />}
      code="404"
      title="Page not found"
      actions={
        <>
          <Button asChild>
            <Link href="/">Go to the dashboard</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </>
      }
    >
      <p>There is nothing at this address. Check the link, or start again from the dashboard.</p>
    </StatusPage>
  );
}
