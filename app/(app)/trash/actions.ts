"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { id } from "@/lib/actions/fields";
import { secretName } from "@/lib/secrets/schemas";
import { purgeSecret, restoreSecret } from "@/lib/secrets/service";

// Admin only. The secret id arrives as a field; the service finds it in the
// trash or refuses.
const REVALIDATE = ["/trash", "/secrets", "/audit"];

/** Back from the trash, under its old name or (when that was taken meanwhile) a new one. */
export const restoreSecretAction = defineAction(
  {
    role: "admin",
    recentAuth: false,
    input: z.object({ secretId: id, name: secretName.optional() }),
    revalidate: REVALIDATE,
    keep: ["name"],
  },
  async ({ secretId, name }, { actor }) => {
    await restoreSecret(actor, secretId, name ? { name } : {});
    return { ok: true, message: "Restored. Code asking for its name works again." };
  },
);

/** For good: the secret and every version of its value. The dialog asks for the name to be typed first. */
export const purgeSecretAction = defineAction(
  { role: "admin", recentAuth: false, input: z.object({ secretId: id }), revalidate: REVALIDATE },
  async ({ secretId }, { actor }) => {
    await purgeSecret(actor, secretId);
    return { ok: true, message: "Deleted permanently." };
  },
);
