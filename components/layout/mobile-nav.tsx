"use client";

import { useState } from "react";
import { Menu } from "lucide-react";
import { Dialog as D } from "radix-ui";
import { Button } from "@/components/ui/button";
import { overlayClass } from "@/components/ui/dialog";
import type { Role } from "@/lib/users/schemas";
import { Brand } from "./brand";
import { SidebarContent } from "./sidebar-content";

/** On a phone the sidebar becomes a top bar whose menu button opens it as a sheet from the left. */
export function MobileNav({ email, role }: { email: string; role: Role }) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-background/90 px-4 backdrop-blur md:hidden">
      <D.Root open={open} onOpenChange={setOpen}>
        <D.Trigger asChild>
          <Button variant="ghost" size="icon" aria-label="Open menu" className="-ml-2">
            <Menu aria-hidden />
          </Button>
        </D.Trigger>
        <D.Portal>
          <D.Overlay className={overlayClass} />
          <D.Content className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] border-r bg-sidebar shadow-lg outline-none">
            <D.Title className="sr-only">Menu</D.Title>
            <D.Description className="sr-only">Pages, your account and sign out</D.Description>
            <SidebarContent email={email} role={role} onNavigate={close} testIds={false} />
          </D.Content>
        </D.Portal>
      </D.Root>
      <Brand />
    </header>
  );
}
