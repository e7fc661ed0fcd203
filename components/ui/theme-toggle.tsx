"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { DropdownMenu as M } from "radix-ui";
import { Button } from "./button";
import { cn } from "./cn";
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from "./dropdown-menu";

const THEMES = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
] as const;

/** A menu to pick light, dark or the system's theme (radio items: the current choice is announced as checked). */
export function ThemeToggle({ className }: { className?: string }) {
  const { theme, setTheme } = useTheme();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className={cn("relative", className)} aria-label="Theme" data-testid="theme-toggle">
          <Sun className="scale-100 transition-transform dark:scale-0" aria-hidden />
          <Moon className="absolute scale-0 transition-transform dark:scale-100" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <M.RadioGroup value={theme} onValueChange={setTheme}>
          {THEMES.map(({ value, label, Icon }) => (
            <M.RadioItem
              key={value}
              value={value}
              className="flex cursor-default items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none select-none data-highlighted:bg-accent data-[state=checked]:font-medium [&_svg]:size-4 [&_svg]:text-muted-foreground"
            >
              <Icon aria-hidden />
              {label}
              <M.ItemIndicator className="ml-auto text-xs">✓</M.ItemIndicator>
            </M.RadioItem>
          ))}
        </M.RadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
