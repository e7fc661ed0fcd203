"use client";

import { useSyncExternalStore } from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";
import { cn } from "./cn";

/**
 * A date in the viewer's own time zone, named ("28 Nov 2026, 14:03 CET"), or
 * relative ("2 minutes ago") with that exact time on hover and focus.
 * The server cannot know the viewer's zone: it renders a stable UTC text,
 * and the browser replaces it once mounted (no hydration mismatch).
 */
export function LocalTime({ date, relative = false, className }: { date: string | Date; relative?: boolean; className?: string }) {
  const d = typeof date === "string" ? new Date(date) : date;
  const mounted = useSyncExternalStore(noopSubscribe, () => true, () => false);
  const now = useSyncExternalStore(relative ? subscribeClock : noopSubscribe, getNow, getServerNow);
  if (Number.isNaN(d.getTime())) return <span className={className}>—</span>;
  const iso = d.toISOString();
  const exact = mounted ? formatLocal(d) : formatUtc(d);
  if (!relative) {
    return (
      <time dateTime={iso} className={cn("whitespace-nowrap", className)}>
        {exact}
      </time>
    );
  }
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <time
          dateTime={iso}
          tabIndex={0}
          title={exact}
          className={cn("rounded-sm whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-ring", className)}
        >
          {mounted ? formatRelative(d, now) : exact}
        </time>
      </TooltipTrigger>
      <TooltipContent>{exact}</TooltipContent>
    </Tooltip>
  );
}

export function formatUtc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatLocal(d: Date): string {
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatRelative(d: Date, now: number): string {
  const seconds = Math.round((d.getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return Math.abs(seconds) < 45 ? (seconds <= 0 ? "just now" : "in a moment") : rtf.format(seconds, "second");
}

const noopSubscribe = () => () => {};

// One shared clock for every relative time on the page, ticking every 30 seconds.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribeClock(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = () => now;
const getServerNow = () => 0;
