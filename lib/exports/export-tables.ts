import { INSIGHT_METRICS } from "@/lib/core/insights";

/**
 * What a data export holds, table by table: an explicit allow-list of columns, never a dump of
 * rows. A column is here because a client may take it with them; anything that opens an account
 * (channel credentials, API key hashes, webhook and chat secrets, two-factor secrets, recovery
 * codes, sessions, password hashes, invite and feed token hashes) has no table or column here, so
 * a new secret column added later stays out until someone lists it on purpose.
 * `export-tables.test.ts` fails on a column whose name looks like a secret.
 */

/** Which data an export covers: the whole workspace, or one brand of it. */
export type ExportScope = { workspaceId: string; brandId: string | null };

/** The Prisma model a table is read from (its client delegate's name). */
export type ExportModel =
  | "workspace"
  | "membership"
  | "brand"
  | "channel"
  | "story"
  | "storyFrame"
  | "storyTarget"
  | "storyTargetFrame"
  | "targetAudience"
  | "publishAttempt"
  | "mediaAsset"
  | "insightSnapshot"
  | "frameInsight"
  | "approval"
  | "comment"
  | "reviewLink"
  | "conversation"
  | "message"
  | "conversationNote"
  | "savedReply"
  | "statusAudienceList"
  | "auditLog";

export type ExportTable = {
  /** The file names in the archive: data/<name>.json and data/<name>.csv. */
  name: string;
  /** One line for README.txt. */
  about: string;
  model: ExportModel;
  /** A unique column the rows are paged by (cursor pagination, ascending). */
  key: string;
  /** The columns written, in this order: the allow-list. */
  columns: readonly string[];
  /** The filter that keeps a brand export to that brand's rows; absent: workspace exports only. */
  brandWhere?: (brandId: string) => Record<string, unknown>;
  /** How the workspace itself is matched, for the one table that is not tenant-owned by a column. */
  workspaceWhere?: (workspaceId: string) => Record<string, unknown>;
  /** Related fields to read besides the columns (a member's name and e-mail). */
  include?: Record<string, unknown>;
  /** Columns made by `toRow` from `include`, not read from the model itself. */
  derived?: readonly string[];
  /** Turns a row as read into the columns (then cut to the allow-list again). */
  toRow?: (row: Record<string, unknown>) => Record<string, unknown>;
};

const TIMES = ["createdAt", "updatedAt"] as const;
const ofStory = (brandId: string) => ({ story: { brandId } });
const ofTarget = (brandId: string) => ({ target: { story: { brandId } } });
// The insight tables' numbers are exactly the frame metrics, one column each.
const NUMBERS = INSIGHT_METRICS;

export const EXPORT_TABLES: readonly ExportTable[] = [
  {
    name: "workspace",
    about: "The workspace: its name, address and inbox settings.",
    model: "workspace",
    key: "id",
    columns: ["id", "name", "slug", "messageRetentionDays", "humanAgentReplies", ...TIMES],
    workspaceWhere: (workspaceId) => ({ id: workspaceId }),
    brandWhere: () => ({}),
  },
  {
    name: "members",
    about: "Members (workspace export only): name, e-mail, role and the brands a limited member sees.",
    model: "membership",
    key: "id",
    columns: ["id", "userId", "name", "email", "role", "limitedToBrands", "brandIds", ...TIMES],
    include: { user: { select: { name: true, email: true } }, brands: { select: { brandId: true } } },
    derived: ["name", "email", "brandIds"],
    toRow: (row) => {
      const user = row.user as { name: string; email: string };
      const brands = row.brands as { brandId: string }[];
      return { ...row, name: user.name, email: user.email, brandIds: brands.map((b) => b.brandId) };
    },
  },
  {
    name: "brands",
    about: "Brands: name, time zone, approval policy and quiet hours.",
    model: "brand",
    key: "id",
    columns: ["id", "name", "timeZone", "approvalPolicy", "quietHoursStart", "quietHoursEnd", ...TIMES],
    brandWhere: (brandId) => ({ id: brandId }),
  },
  {
    name: "channels",
    about: "Connected channels (accounts and their status; never their tokens).",
    model: "channel",
    key: "id",
    columns: [
      "id",
      "brandId",
      "platform",
      "externalAccountId",
      "displayName",
      "status",
      "statusReason",
      "sandbox",
      "tokenExpiresAt",
      "grantedScopes",
      "sessionState",
      ...TIMES,
    ],
    brandWhere: (brandId) => ({ brandId }),
  },
  {
    name: "stories",
    about: "Stories: title, WhatsApp caption, status, and the schedule (instant, wall-clock time and zone).",
    model: "story",
    key: "id",
    columns: [
      "id",
      "brandId",
      "authorId",
      "title",
      "whatsappText",
      "status",
      "version",
      "scheduledAt",
      "scheduledLocal",
      "timeZone",
      "freshnessDeadline",
      "publishedAt",
      "canceledAt",
      ...TIMES,
    ],
    brandWhere: (brandId) => ({ brandId }),
  },
  {
    name: "story_frames",
    about:
      "The frames of each story in order: the media file, or a text frame's text and colour, and stickers.",
    model: "storyFrame",
    key: "id",
    columns: ["id", "storyId", "position", "mediaAssetId", "text", "backgroundColor", "stickers", ...TIMES],
    brandWhere: ofStory,
  },
  {
    name: "story_targets",
    about: "Targets: one story on one channel, with its publishing state, permalink and last error.",
    model: "storyTarget",
    key: "id",
    columns: [
      "id",
      "storyId",
      "channelId",
      "state",
      "attemptCount",
      "permalink",
      "publishedAt",
      "captionOverride",
      "lastErrorClass",
      "lastErrorCode",
      "lastErrorMessage",
      "waitReason",
      "waitUntil",
      "waitDetail",
      ...TIMES,
    ],
    brandWhere: ofStory,
  },
  {
    name: "story_target_frames",
    about: "Each frame as published on each channel, with the platform's ids.",
    model: "storyTargetFrame",
    key: "id",
    columns: [
      "id",
      "targetId",
      "frameId",
      "position",
      "state",
      "externalContainerId",
      "externalMediaId",
      "externalPostId",
      "externalMessageId",
      "publishedAt",
      ...TIMES,
    ],
    brandWhere: ofTarget,
  },
  {
    name: "target_audiences",
    about: "WhatsApp status audiences chosen for targets (only / all but a list's contacts).",
    model: "targetAudience",
    key: "targetId",
    columns: ["targetId", "mode", "listId", "listName", "contactIds", "createdAt"],
    brandWhere: ofTarget,
  },
  {
    name: "publish_attempts",
    about: "Every publish attempt per target: outcome, error and the steps taken.",
    model: "publishAttempt",
    key: "id",
    columns: [
      "id",
      "targetId",
      "attemptNumber",
      "outcome",
      "errorClass",
      "errorCode",
      "errorMessage",
      "detail",
      "startedAt",
      "finishedAt",
    ],
    brandWhere: ofTarget,
  },
  {
    name: "media_assets",
    about: "Media files: kind, size, dimensions, checksum, and where their files are in media/.",
    model: "mediaAsset",
    key: "id",
    columns: [
      "id",
      "brandId",
      "uploadedById",
      "kind",
      "status",
      "mimeType",
      "originalName",
      "sizeBytes",
      "width",
      "height",
      "durationMs",
      "checksum",
      "storageKey",
      "renditions",
      "fit",
      "focalX",
      "focalY",
      "splitVideo",
      "errorMessage",
      "sourceAssetId",
      "segmentIndex",
      ...TIMES,
    ],
    brandWhere: mediaOfBrand,
  },
  {
    name: "insight_snapshots",
    about: "Every reading of a published frame's numbers (aggregates only, no viewer identities).",
    model: "insightSnapshot",
    key: "id",
    columns: [
      "id",
      "targetId",
      "targetFrameId",
      "slot",
      "source",
      "outcome",
      "capturedAt",
      ...NUMBERS,
      "createdAt",
    ],
    brandWhere: ofTarget,
  },
  {
    name: "frame_insights",
    about: "The latest numbers of each published frame (what the analytics pages add up).",
    model: "frameInsight",
    key: "targetFrameId",
    columns: [
      "targetFrameId",
      "brandId",
      "storyId",
      "targetId",
      "channelId",
      "platform",
      "position",
      "lastFrame",
      "contentType",
      "publishedAt",
      "capturedAt",
      "outcome",
      "final",
      ...NUMBERS,
      "updatedAt",
    ],
    brandWhere: (brandId) => ({ brandId }),
  },
  {
    name: "approvals",
    about: "Approvals and requested changes, by members and by clients through review links.",
    model: "approval",
    key: "id",
    columns: [
      "id",
      "storyId",
      "storyVersion",
      "reviewerId",
      "reviewLinkId",
      "reviewerName",
      "reviewerEmail",
      "decision",
      "note",
      "createdAt",
    ],
    brandWhere: ofStory,
  },
  {
    name: "comments",
    about: "Comments on stories, by members and by clients through review links.",
    model: "comment",
    key: "id",
    columns: ["id", "storyId", "authorId", "reviewLinkId", "authorName", "body", ...TIMES],
    brandWhere: ofStory,
  },
  {
    name: "review_links",
    about: "Client review links (label, range, expiry; the links' tokens are not stored, so not here).",
    model: "reviewLink",
    key: "id",
    columns: [
      "id",
      "brandId",
      "createdById",
      "label",
      "fromDate",
      "toDate",
      "expiresAt",
      "revokedAt",
      ...TIMES,
    ],
    brandWhere: (brandId) => ({ brandId }),
  },
  {
    name: "conversations",
    about: "Inbox conversations: one person on one channel, their name and handle, status.",
    model: "conversation",
    key: "id",
    columns: [
      "id",
      "brandId",
      "channelId",
      "participantId",
      "participantName",
      "participantHandle",
      "status",
      "assigneeId",
      "lastInboundAt",
      "lastOutboundAt",
      "lastMessageAt",
      ...TIMES,
    ],
    brandWhere: (brandId) => ({ brandId }),
  },
  {
    name: "messages",
    about: "Inbox messages both ways (text and attachment links; purged ones have purgedAt set).",
    model: "message",
    key: "id",
    columns: [
      "id",
      "conversationId",
      "channelId",
      "direction",
      "kind",
      "externalId",
      "text",
      "attachmentUrl",
      "attachmentType",
      "storyExternalId",
      "targetFrameId",
      "sentAt",
      "authorId",
      "sendState",
      "sendError",
      "humanAgentTag",
      "purgedAt",
      "createdAt",
    ],
    brandWhere: (brandId) => ({ conversation: { brandId } }),
  },
  {
    name: "conversation_notes",
    about: "Members' internal notes on conversations.",
    model: "conversationNote",
    key: "id",
    columns: ["id", "conversationId", "authorId", "body", ...TIMES],
    brandWhere: (brandId) => ({ conversation: { brandId } }),
  },
  {
    name: "saved_replies",
    about: "Saved replies (a brand export holds the brand's own, not the workspace-wide ones).",
    model: "savedReply",
    key: "id",
    columns: ["id", "brandId", "title", "body", "createdById", ...TIMES],
    brandWhere: (brandId) => ({ brandId }),
  },
  {
    name: "audience_lists",
    about: "WhatsApp status audience lists of each channel (contact ids).",
    model: "statusAudienceList",
    key: "id",
    columns: ["id", "channelId", "name", "contactIds", ...TIMES],
    brandWhere: (brandId) => ({ channel: { brandId } }),
  },
  {
    name: "audit_log",
    about:
      "The audit trail: who did what, when and from where (a brand export: the entries about that brand).",
    model: "auditLog",
    key: "id",
    columns: [
      "id",
      "createdAt",
      "action",
      "actorUserId",
      "actorApiKeyId",
      "actorReviewLinkId",
      "entityType",
      "entityId",
      "brandId",
      "storyId",
      "channelId",
      "ip",
      "userAgent",
      "data",
    ],
    brandWhere: (brandId) => ({ brandId }),
  },
];

/** A brand's media: uploaded to it, or used in one of its stories (a workspace-wide file included). */
function mediaOfBrand(brandId: string): Record<string, unknown> {
  return { OR: [{ brandId }, { frames: { some: { story: { brandId } } } }] };
}

/** The tables an export of this scope holds: a brand export leaves out the workspace-only ones (members). */
export function tablesFor(scope: ExportScope): readonly ExportTable[] {
  return scope.brandId === null ? EXPORT_TABLES : EXPORT_TABLES.filter((t) => t.brandWhere);
}

/** The filter of a table's rows in a scope, always within the workspace. */
export function whereFor(table: ExportTable, scope: ExportScope): Record<string, unknown> {
  const inWorkspace = table.workspaceWhere?.(scope.workspaceId) ?? { workspaceId: scope.workspaceId };
  if (scope.brandId === null) return inWorkspace;
  if (!table.brandWhere) throw new Error(`${table.name} is not part of a brand export`);
  return { AND: [inWorkspace, table.brandWhere(scope.brandId)] };
}
