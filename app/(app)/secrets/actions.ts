"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { id } from "@/lib/actions/fields";
import { revealSecret } from "@/lib/secrets/service";

/** Admin, recently authenticated: the one path by which a value reaches the browser. */
export const revealSecretAction = defineAction(
  { role: "admin", recentAuth: true, input: z.object({ secretId: id }) },
  async ({ secretId }, { actor }) => revealSecret(actor, secretId, "reveal"),
);
