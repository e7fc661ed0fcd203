import { routeHandlers } from "@/lib/auth/next-auth";

// routeHandlers, not Auth.js's raw handlers: the session endpoint must not hand the session id to page JavaScript.
export const { GET, POST } = routeHandlers;
