import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadAudienceChannel } from "./audience-channel";
import type { AudienceDeps } from "./audience-deps";
import { writeTargetAudiences } from "./write-target-audiences";

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
    const audit = (data: { mode: string; list?: string; contacts?: number }) =>
      recordAudit(tx, ctx, {
        action: "story.audience",
        entityType: "StoryTarget",
        entityId: target.id,
        data,
      });
    if (audience.mode === "ALL") {
      await tx.targetAudience.deleteMany({ where: { targetId: target.id, workspaceId: ctx.workspaceId } });
      await audit({ mode: "ALL" });
      return { mode: "ALL" as const };
    }
    await writeTargetAudiences(tx, ctx, storyId, [{ channelId: channel.id, ...audience }]);
    const written = await tx.targetAudience.findFirstOrThrow({
      where: { targetId: target.id, workspaceId: ctx.workspaceId },
      select: { listName: true, contactIds: true },
    });
    const contactCount = written.contactIds.length;
    await audit({ mode: audience.mode, list: written.listName, contacts: contactCount });
    return { mode: audience.mode, listName: written.listName, contactCount };
  });
}
