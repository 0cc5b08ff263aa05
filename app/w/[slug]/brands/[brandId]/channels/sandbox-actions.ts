"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { addSandboxChannel } from "@/lib/channels/add-sandbox-channel";

// The brand page's "Add a sandbox channel": the brand id bound into the form and the platform
// are input like any other; the caller's workspace comes from the session.

export async function addSandboxChannelAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const channel = await addSandboxChannel(
      { db: deps.db, box: deps.box, simulatorUrl: deps.env.SIMULATOR_URL },
      ctx,
      { brandId, platform: String(formData.get("platform") ?? "") as never },
    );
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: `Added ${channel.displayName}. Stories can go out on it now.` };
  });
}
