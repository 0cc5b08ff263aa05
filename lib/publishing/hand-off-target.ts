import type { Claim } from "./claim-target";
import type { PipelineDeps } from "./deps";

/** A channel whose stories a person posts by hand (WhatsApp without a gateway, say). */
export function isHandoffChannel(channel: { config: unknown }): boolean {
  return (channel.config as { mode?: unknown } | null)?.mode === "handoff";
}

/**
 * At the due time, a handoff target waits for a person instead of calling a platform: the
 * assignee (or, when none is set, the workspace's owners and admins) is told in the app, with a
 * link to the story page, where the media and text are ready to download and where they mark it
 * posted or not (complete-handoff.ts). Notifying twice is avoided by the state change itself:
 * only the run that moves the target to AWAITING_PERSON sends the notice.
 */
export async function handOffTarget(
  deps: PipelineDeps,
  target: {
    id: string;
    workspaceId: string;
    captionOverride: string | null;
    story: { id: string; title: string; whatsappText: string | null };
    channel: { displayName: string; config: unknown };
    frames: { media: unknown; text: string | null }[];
  },
  claim: Claim,
  attemptId: string,
): Promise<void> {
  const now = deps.now();
  const assignee = (target.channel.config as { assigneeUserId?: unknown } | null)?.assigneeUserId;
  await deps.db.$transaction(async (tx) => {
    const moved = await tx.storyTarget.updateMany({
      where: { id: target.id, leaseToken: claim.token },
      data: { state: "AWAITING_PERSON", leaseToken: null, leaseExpiresAt: null, nextAttemptAt: null },
    });
    await tx.publishAttempt.update({
      where: { id: attemptId },
      data: { outcome: "SUCCEEDED", detail: { handoff: true }, finishedAt: now },
    });
    if (moved.count !== 1) return;
    const [workspace, recipients] = await Promise.all([
      tx.workspace.findUniqueOrThrow({ where: { id: target.workspaceId }, select: { slug: true } }),
      tx.membership.findMany({
        where:
          typeof assignee === "string"
            ? { workspaceId: target.workspaceId, userId: assignee }
            : { workspaceId: target.workspaceId, role: { in: ["OWNER", "ADMIN"] } },
        select: { userId: true },
      }),
    ]);
    const title = target.story.title || "A story";
    await tx.notification.createMany({
      data: recipients.map((r) => ({
        workspaceId: target.workspaceId,
        userId: r.userId,
        kind: "handoff.due",
        title: `Post now: ${title} on ${target.channel.displayName}`,
        body: handoffBody(target),
        link: `/w/${workspace.slug}/stories/${target.story.id}`,
      })),
    });
  });
}

/** What the person posts: the caption and each text status spelled out, the media to download. */
function handoffBody(target: Parameters<typeof handOffTarget>[1]): string {
  const caption = target.captionOverride ?? target.story.whatsappText;
  const texts = target.frames.flatMap((f) => (f.media === null && f.text ? [`"${f.text}"`] : []));
  const hasMedia = target.frames.some((f) => f.media !== null);
  return [
    "It is due now.",
    caption && hasMedia ? `Caption: "${caption}".` : "",
    texts.length > 0 ? `Text status${texts.length > 1 ? "es" : ""}: ${texts.join(", ")}.` : "",
    hasMedia ? "Download the media, post it, then mark it posted." : "Post it, then mark it posted.",
  ]
    .filter(Boolean)
    .join(" ");
}
