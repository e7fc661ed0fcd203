import { UAParser } from "ua-parser-js";

/** "Chrome 141 on Linux", "Safari 17 on iOS (iPhone)": a session's browser and system as a person names them. */
export function describeAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os, device } = UAParser(userAgent);
  const name = browser.name ? [browser.name, browser.major].filter(Boolean).join(" ") : "Unknown browser";
  const system = os.name ? ` on ${os.name}` : "";
  const model = (device.type === "mobile" || device.type === "tablet") && device.model ? ` (${device.model})` : "";
  return `${name}${system}${model}`;
}
