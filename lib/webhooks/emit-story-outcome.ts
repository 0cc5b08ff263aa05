import { type DbOrTx, type SqlRunner, sqlIn } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { WebhookEventType } from "./events";
import { recordWebhookEvent } from "./record-webhook-event";

/** The event a story's final status sends; none for the others (CANCELED, EXPIRED …). */
export const EVENT_FOR_STATUS: Record<string, WebhookEventType> = {
  PUBLISHED: "story.published",
  FAILED: "story.failed",
  PARTIAL: "story.partially_failed",
};

type TargetRow = {
  id: string;
  state: string;
  permalink: string | null;
  publishedAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  channel: { id: string; platform: string; displayName: string };
  externalMediaIds: (string | null)[];
};

/**
 * The story's outcome event, in the roll-up's transaction: the story with each target's state,
 * external ids, permalink and error, so a receiver rarely needs to call back. One hand-written read
 * (the roll-up runs in the publish path's raw transaction too).
 */
export async function emitStoryOutcome(
  tx: DbOrTx | SqlRunner,
  story: { id: string; workspaceId: string },
  status: string,
  now: Date,
): Promise<void> {
  const type = EVENT_FOR_STATUS[status];
  if (!type) return;
  // Read only when an endpoint subscribed: most workspaces have none, and this runs once per story.
  const data = async () => {
    const [detail] = await sqlIn(tx).query<{
      id: string;
      brandId: string;
      title: string;
      status: string;
      scheduledAt: Date | null;
      publishedAt: Date | null;
      targets: TargetRow[];
    }>(Prisma.sql`
      SELECT s.id, s."brandId", s.title, s.status::text AS status, s."scheduledAt", s."publishedAt",
        COALESCE((SELECT json_agg(json_build_object(
            'id', t.id, 'state', t.state, 'permalink', t.permalink, 'publishedAt', t."publishedAt",
            'lastErrorCode', t."lastErrorCode", 'lastErrorMessage', t."lastErrorMessage",
            'channel', json_build_object('id', c.id, 'platform', c.platform, 'displayName', c."displayName"),
            'externalMediaIds', COALESCE((SELECT json_agg(f."externalMediaId" ORDER BY f.position)
              FROM "StoryTargetFrame" f WHERE f."targetId" = t.id), '[]'))
          ORDER BY c.platform)
          FROM "StoryTarget" t JOIN "Channel" c ON c.id = t."channelId"
          WHERE t."storyId" = s.id AND t."workspaceId" = s."workspaceId"), '[]') AS targets
      FROM "Story" s WHERE s.id = ${story.id} AND s."workspaceId" = ${story.workspaceId}`);
    if (!detail) throw new Error(`story ${story.id} not found for its outcome event`);
    // JSON gives Postgres' timestamp text; receivers get the ISO form every other event uses.
    const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
    return {
      story: {
        id: detail.id,
        brandId: detail.brandId,
        title: detail.title,
        status: detail.status,
        scheduledAt: iso(detail.scheduledAt),
        publishedAt: iso(detail.publishedAt),
        targets: detail.targets.map((target) => ({
          id: target.id,
          channel: target.channel,
          state: target.state,
          permalink: target.permalink,
          publishedAt: iso(target.publishedAt),
          externalMediaIds: target.externalMediaIds,
          error: target.lastErrorMessage
            ? { code: target.lastErrorCode, message: target.lastErrorMessage }
            : null,
        })),
      },
    };
  };
  await recordWebhookEvent(tx, { workspaceId: story.workspaceId, type, data }, now);
}
