"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { id } from "@/lib/actions/fields";
import { secretName } from "@/lib/secrets/schemas";
import { ConflictError } from "@/lib/errors";
import { purgeSecret, restoreSecret } from "@/lib/secrets/service";

// Admin only. The secret id arrives as a field; the service finds it in the
// trash or refuses.
const REVALIDATE = ["/trash", "/secrets", "/audit"];

/** Back from the trash, under its old name or (when that was taken meanwhile) a new one. */
export const restoreSecretAction = defineAction(
  {
    role: "admin",
    recentAuth: true,
    input: z.object({ secretId: id, name: secretName.optional() }),
    revalidate: REVALIDATE,
    keep: ["name"],
  },
  async ({ secretId, name }, { actor }) => {
    try {
      await restoreSecret(actor, secretId, name ? { name } : {});
    } catch (err) {
      // The name went to another secret meanwhile: the dialog offers another name.
      if (err instanceof ConflictError) return { error: err.message.replace(/^name: /, ""), nameTaken: true };
      throw err;
    }
    return { ok: true, message: name ? `Restored as ${name}.` : "Restored. Code asking for its name works again." };
  },
);

/** For good: the secret and every version of its value. The dialog asks for the name to be typed first. */
export const purgeSecretAction = defineAction(
  { role: "admin", recentAuth: true, input: z.object({ secretId: id }), revalidate: REVALIDATE },
  async ({ secretId }, { actor }) => {
    await purgeSecret(actor, secretId);
    return { ok: true, message: "Deleted permanently." };
  },
);
