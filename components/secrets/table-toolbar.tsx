"use client";

import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { Loader2, Search, X } from "lucide-react";
import { Input } from "@/components/ui/input";

const DEBOUNCE_MS = 300;

/** The search box (debounced into the URL) and the page's main action. */
export function TableToolbar({
  search,
  onSearch,
  searchRef,
  pending,
  add,
}: {
  search: string;
  onSearch: (q: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  pending: boolean;
  add: ReactNode;
}) {
  const [text, setText] = useState(search);
  const sent = useRef(search);

  // Back/forward changes the URL under us: show what it says.
  useEffect(() => {
    if (search !== sent.current) {
      sent.current = search;
      setText(search);
    }
  }, [search]);

  useEffect(() => {
    if (text.trim() === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text.trim();
      onSearch(text.trim());
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="relative w-full sm:max-w-sm">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          ref={searchRef}
          type="search"
          role="searchbox"
          aria-label="Search secrets"
          placeholder="Search names and descriptions…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape" && text) {
              e.preventDefault();
              setText("");
            }
          }}
          className="pr-16 pl-8 [&::-webkit-search-cancel-button]:hidden"
          maxLength={200}
        />
        <div className="absolute top-1/2 right-2 flex -translate-y-1/2 items-center gap-1">
          {pending ? <Loader2 aria-hidden className="size-4 animate-spin text-muted-foreground" /> : null}
          {text ? (
            <button type="button" aria-label="Clear search" onClick={() => setText("")} className="rounded-sm p-0.5 text-muted-foreground hover:text-foreground">
              <X aria-hidden className="size-4" />
            </button>
          ) : (
            <kbd className="hidden rounded border bg-muted px-1.5 font-mono text-[10px] text-muted-foreground sm:inline">/</kbd>
          )}
        </div>
      </div>
      {add}
    </div>
  );
}
