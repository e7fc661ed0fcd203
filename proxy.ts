import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/next-auth";

/**
 * Optimistic redirects only: anonymous visitors to app pages go to sign-in.
 * The real checks are in lib/auth/dal.ts, called by every page, action and
 * route, so a request that skips this file is refused all the same.
 */
const PROTECTED = ["/account", "/users", "/secrets", "/tokens", "/audit"];

export default auth((req) => {
  const path = req.nextUrl.pathname;
  if (!req.auth?.sid && PROTECTED.some((p) => path === p || path.startsWith(`${p}/`))) {
    return NextResponse.redirect(new URL("/sign-in", req.nextUrl));
  }
  return NextResponse.next();
});

export const config = { matcher: ["/((?!api/auth|_next/static|_next/image|icon.svg).*)"] };
