"use client";

import type { ComponentProps } from "react";
import { ThemeProvider as NextThemes } from "next-themes";

/** light / dark / system, stored in localStorage, applied as a class on <html> before the first paint. */
export function ThemeProvider(props: ComponentProps<typeof NextThemes>) {
  return <NextThemes attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange {...props} />;
}
