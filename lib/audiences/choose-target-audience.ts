import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadAudienceChannel } from "./audience-channel";
import type { AudienceDeps } from "./audience-deps";

const schema = z.object({
  storyId: z.string().trim().min(1).max(100),
  channelId: z.string().trim().min(1).max(100),
  audience: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("ALL") }),
    z.object({ mode: z.enum(["ONLY", "EXCEPT"]), listId: z.string().trim().min(1).max(100) }),
  ]),
});

export type AudienceChoice = z.input<typeof schema>["audience"];

/**
 * Chooses who a story's status goes to on one channel (EDITOR and above): all contacts, only a
 * list, or all except a list. The list's contacts are copied now, so editing the list later does
 * not change this story silently (decision 033). Only before the target starts publishing.
 */
export async function chooseTargetAudience(
  deps: Pick<AudienceDeps, "db" | "publisherFor">,
  ctx: WorkspaceContext,
  input: z.input<typeof schema>,
) {
  assertCan(ctx, "stories:edit", "choose a story's audience");
  const { storyId, channelId, audience } = parseInput(schema, input);
  return deps.db.$transaction(async (tx) => {
    const channel = await loadAudienceChannel(deps, ctx, channelId, tx);
    const target = await tx.storyTarget.findFirst({
      where: { storyId, channelId: channel.id, workspaceId: ctx.workspaceId },
      select: { id: true, state: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "This story does not go to this channel.");
    if (target.state !== "PENDING") {
      throw new AppError(
        "CONFLICT",
        "This story has started publishing on this channel: its audience is set.",
      );
    }
    if (audience.mode === "ALL") {
      await tx.targetAudience.deleteMany({ where: { targetId: target.id, workspaceId: ctx.workspaceId } });
      return { mode: "ALL" as const };
    }
    const list = await tx.statusAudienceList.findFirst({
      where: { id: audience.listId, channelId: channel.id, workspaceId: ctx.workspaceId },
      select: { id: true, name: true, contactIds: true },
    });
    if (!list) throw new AppError("NOT_FOUND", "This audience list does not exist on this channel.");
    if (audience.mode === "ONLY" && list.contactIds.length === 0) {
      throw new AppError(
        "INVALID_INPUT",
        `The list "${list.name}" has no contacts: the story would reach nobody.`,
        {
          fields: { listId: "Empty list." },
        },
      );
    }
    const data = { mode: audience.mode, listId: list.id, listName: list.name, contactIds: list.contactIds };
    await tx.targetAudience.upsert({
      where: { targetId_workspaceId: { targetId: target.id, workspaceId: ctx.workspaceId } },
      create: { targetId: target.id, workspaceId: ctx.workspaceId, ...data },
      update: data,
    });
    return { mode: audience.mode, listName: list.name, contactCount: list.contactIds.length };
  });
}
