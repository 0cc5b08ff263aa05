"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, runAction } from "@/app/_lib/action-state";
import { requireWorkspace } from "@/app/_lib/workspace";
import { addSandboxChannel } from "@/lib/channels/add-sandbox-channel";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

// The brand page's "Add a sandbox channel": like the other actions, it resolves the caller's
// workspace context from the session; the brand id bound into the form and the platform are input.

export async function addSandboxChannelAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const ctx = await requireWorkspace(slug);
  const result = await runAction(formData, async () => {
    const config = env();
    const channel = await addSandboxChannel(
      { db: db(), box: secretBoxFromEnv(config), simulatorUrl: config.SIMULATOR_URL },
      ctx,
      { brandId, platform: String(formData.get("platform") ?? "") as never },
    );
    return { ok: true, message: `Added ${channel.displayName}. Stories can go out on it now.` };
  });
  if (result.ok) revalidatePath(`/w/${slug}`, "layout");
  return result;
}
