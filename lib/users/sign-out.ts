import "server-only";
import { audit, type Actor } from "../audit";
import { db } from "../db/client";
import { revokeSession } from "./sessions";

/** Ends one browser's session on the server (not only its cookie) and records it. */
export async function signOutSession(actor: Actor, user: { id: string; email: string; sessionId: string }): Promise<void> {
  await revokeSession(user.id, user.sessionId);
  await audit(db(), actor, { action: "auth.sign-out", target: user.email });
}
