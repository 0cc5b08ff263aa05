import { z } from "zod";
import { brandFieldsShape, quietHoursTogether } from "@/lib/brands/schemas";
import { APPROVAL_POLICIES, type ApprovalPolicy } from "@/lib/core/approval-policy";
import { isPlainDate } from "@/lib/core/plain-date";
import type { Permission } from "@/lib/core/roles";
import { isQueryableInstant, QUERY_RANGE_MESSAGE } from "@/lib/core/time-bounds";
import { MediaKind, MediaStatus, StoryStatus } from "@/lib/db/generated/enums";
import { scheduleStorySchema, whenSchema } from "@/lib/stories/schemas";
import { brandInsightsSchema, storyInsightsSchema } from "./insight-resources";
import {
  audienceListSchema,
  auditEntrySchema,
  brandSchema,
  channelSchema,
  commentSchema,
  conversationSchema,
  createdCommentSchema,
  importJobSchema,
  importStartedSchema,
  listOf,
  mediaAssetSchema,
  messageSchema,
  planReportSchema,
  reviewedStorySchema,
  scheduledStorySchema,
  storySchema,
  storySummarySchema,
} from "./resources";

/**
 * Every endpoint of /api/v1 in one table: method, path, the permission it needs and the zod
 * schemas of its path parameters, query, body and response. withApiKey validates requests with
 * these very schemas and openapi.ts documents them, so the reference cannot drift from the code.
 */
export type RouteDef = {
  operationId: string;
  method: "GET" | "POST" | "PATCH";
  /** OpenAPI-style path below /api/v1, e.g. "/stories/{storyId}". */
  path: string;
  summary: string;
  tag: string;
  permission: Permission;
  /** How a refusal names the action: "Your role (viewer) cannot <doing>." */
  doing: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { contentType: "application/json" | "multipart/form-data"; schema: z.ZodType };
  response: { status: 200 | 201 | 202; schema: z.ZodType; description: string };
  /**
   * A second success answer of the same operation, given when the handler's result `matches` it:
   * a plan's dry run (200, the report) beside the import it starts (202).
   */
  otherResponse?: {
    status: 200 | 201 | 202;
    schema: z.ZodType;
    description: string;
    matches: (result: unknown) => boolean;
  };
};

const id = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .meta({ description: `The ${what}'s id.` });

const brandParams = z.strictObject({ brandId: id("brand") });
const storyParams = z.strictObject({ storyId: id("story") });
const mediaParams = z.strictObject({ mediaId: id("media file") });

const approvalPolicyInput = z
  .enum(APPROVAL_POLICIES, { message: `Choose who approves: ${APPROVAL_POLICIES.join(", ")}.` })
  .optional();
// Kept for clients written before approval policies: true means TEAM, false NONE.
const approvalRequiredInput = z.boolean().optional().meta({
  deprecated: true,
  description:
    "Deprecated: send approvalPolicy. true is TEAM, false is NONE; ignored when approvalPolicy is sent.",
});

/** The policy a brand body asks for: approvalPolicy, else the deprecated approvalRequired, else `fallback`. */
export function approvalPolicyOf(
  body: { approvalPolicy?: ApprovalPolicy; approvalRequired?: boolean },
  fallback: ApprovalPolicy,
): ApprovalPolicy {
  if (body.approvalPolicy) return body.approvalPolicy;
  if (body.approvalRequired === undefined) return fallback;
  return body.approvalRequired ? "TEAM" : "NONE";
}

/** A new brand's fields (createBrand checks them again, with the check across them). */
const brandCreateSchema = z
  .strictObject({
    ...brandFieldsShape,
    approvalPolicy: approvalPolicyInput,
    approvalRequired: approvalRequiredInput,
  })
  .refine(...quietHoursTogether);

/** PATCH semantics over the brand fields: send only what changes (updateBrand checks the result). */
const brandPatchSchema = z.strictObject({
  name: z.string().max(80, "Use at most 80 characters.").optional(),
  timeZone: z.string().max(100, "Choose a time zone from the list, e.g. Europe/Berlin.").optional(),
  approvalPolicy: approvalPolicyInput,
  approvalRequired: approvalRequiredInput,
  quietHoursStart: z.string().max(5, "Use 24-hour HH:mm, e.g. 22:00.").nullable().optional(),
  quietHoursEnd: z.string().max(5, "Use 24-hour HH:mm, e.g. 22:00.").nullable().optional(),
});

/** A longer list is refused whole rather than split into thousands of refusals, one per item. */
const MAX_LIST_CHARS = 200;

/** An instant in a list filter, within the range lib/core/time-bounds.ts allows. */
const queryInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => isQueryableInstant(new Date(value)), QUERY_RANGE_MESSAGE);

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== "string") return value;
    if (value.length > MAX_LIST_CHARS) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_LIST_CHARS} characters.`, input: value });
      return [];
    }
    return value.split(",").filter(Boolean);
  }, z.array(item));

const listStoriesQuery = z.strictObject({
  brandId: id("brand").optional(),
  status: commaList(z.enum(StoryStatus))
    .optional()
    .meta({ description: "Comma-separated statuses, e.g. PUBLISHED,PARTIAL." }),
  scheduledFrom: queryInstant.optional().meta({ description: "Scheduled at or after." }),
  scheduledBefore: queryInstant.optional().meta({ description: "Scheduled before." }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
});

const listMediaQuery = z.strictObject({
  brandId: id("brand").optional(),
  status: commaList(z.enum(MediaStatus))
    .optional()
    .meta({ description: "Comma-separated statuses, e.g. PROCESSING,FAILED." }),
  kind: commaList(z.enum(MediaKind))
    .optional()
    .meta({ description: "IMAGE, VIDEO or both, comma-separated." }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
});

const listAuditQuery = z.strictObject({
  actor: z
    .string()
    .max(100)
    .optional()
    .meta({ description: "user:<id>, apikey:<id> or link:<reviewLinkId>." }),
  group: z.string().max(40).optional().meta({ description: "An action group, e.g. channels or access." }),
  brandId: id("brand").optional(),
  from: z.string().max(10).optional().meta({ description: "First UTC day, YYYY-MM-DD." }),
  to: z.string().max(10).optional().meta({ description: "Last UTC day, YYYY-MM-DD (inclusive)." }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
});

/** Longer than any file system allows: the name is shown in the library, never used as a path. */
const MAX_FILE_NAME = 255;

const uploadSchema = z.strictObject({
  file: z
    .custom<File>((value) => value instanceof File, "Attach the file as the multipart field `file`.")
    .refine(
      (file) => file.name.length <= MAX_FILE_NAME,
      `Use a file name of at most ${MAX_FILE_NAME} characters.`,
    )
    .meta({ type: "string", format: "binary", description: "A JPEG, PNG or MP4 file." }),
  brandId: id("brand").optional(),
});

const planFileSchema = z.strictObject({
  file: z
    .custom<File>((value) => value instanceof File, "Attach the plan CSV as the multipart field `file`.")
    .refine(
      (file) => file.name.length <= MAX_FILE_NAME,
      `Use a file name of at most ${MAX_FILE_NAME} characters.`,
    )
    .meta({ type: "string", format: "binary", description: "The plan CSV, UTF-8 (docs/import.md)." }),
});

const planImportQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false"], "Send dryRun=true to check the file, or leave it out to import it.")
    .optional()
    .meta({
      description: "true: check the file and write nothing (200). Left out or false: import it (202).",
    }),
});

const importParams = z.strictObject({ importId: id("import") });

const importSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: "Give an http or https URL." }).max(2_000),
  brandId: id("brand").optional(),
});

const rescheduleSchema = z.strictObject({ when: whenSchema });
const commentBodySchema = z.strictObject({
  body: z.string().min(1).max(4_000).meta({
    description: "The comment; mention a member as `@[Name](userId)` to notify them.",
  }),
});

const reviewVersion = z
  .number()
  .int()
  .positive()
  .meta({ description: "The story version reviewed (GET the story for it); a stale one is refused (409)." });
const approveSchema = z.strictObject({ version: reviewVersion, comment: z.string().max(2_000).optional() });
const requestChangesSchema = z.strictObject({
  version: reviewVersion,
  comment: z.string().min(1).max(2_000),
});

/** A day in the brand's zone, as YYYY-MM-DD. */
const plainDate = z
  .string()
  .max(10, "Use a date like 2026-11-01.")
  .refine(isPlainDate, "Use a real date like 2026-11-01 (YYYY-MM-DD).");

const brandInsightsQuery = z
  .strictObject({
    from: plainDate.optional().meta({ description: "First day (YYYY-MM-DD, the brand's zone)." }),
    to: plainDate.optional().meta({ description: "Last day, included. Both or neither: the last 30 days." }),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: "Give both from and to, or neither for the last 30 days.",
    path: [],
  });

const conversationParams = z.strictObject({ conversationId: id("conversation") });

const listConversationsQuery = z.strictObject({
  brandId: id("brand").optional(),
  status: z.enum(["OPEN", "DONE"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
});

const sendMessageSchema = z.strictObject({
  text: z
    .string()
    .max(10_000)
    .default("")
    .meta({ description: "The reply (Meta: at most 1,000 characters; WhatsApp 4,096)." }),
  clientId: z.uuid().optional().meta({
    description:
      "Your id of this message (a UUID made once per message). Or send an Idempotency-Key header: either makes a repeated request return the same message instead of sending it again.",
  }),
  imageMediaId: id("media image")
    .optional()
    .meta({ description: "A READY image of the media library to send." }),
  humanAgent: z.boolean().default(false).meta({
    description:
      "Answer past the 24-hour window with Meta's HUMAN_AGENT tag (a person answering, within 7 days): only where the workspace allows it.",
  }),
});

export const routes = {
  listBrands: {
    operationId: "listBrands",
    method: "GET",
    path: "/brands",
    summary: "List brands",
    tag: "Brands",
    permission: "stories:view",
    doing: "see brands",
    response: { status: 200, schema: listOf(brandSchema), description: "The workspace's brands by name." },
  },
  createBrand: {
    operationId: "createBrand",
    method: "POST",
    path: "/brands",
    summary: "Create a brand",
    tag: "Brands",
    permission: "brands:manage",
    doing: "create brands",
    body: { contentType: "application/json", schema: brandCreateSchema },
    response: { status: 201, schema: brandSchema, description: "The new brand." },
  },
  updateBrand: {
    operationId: "updateBrand",
    method: "PATCH",
    path: "/brands/{brandId}",
    summary: "Update a brand",
    tag: "Brands",
    permission: "brands:manage",
    doing: "change brands",
    params: brandParams,
    body: { contentType: "application/json", schema: brandPatchSchema },
    response: { status: 200, schema: brandSchema, description: "The brand after the change." },
  },
  listChannels: {
    operationId: "listChannels",
    method: "GET",
    path: "/brands/{brandId}/channels",
    summary: "List a brand's channels with their status",
    tag: "Channels",
    permission: "stories:view",
    doing: "see channels",
    params: brandParams,
    response: { status: 200, schema: listOf(channelSchema), description: "The brand's channels." },
  },
  listAudienceLists: {
    operationId: "listAudienceLists",
    method: "GET",
    path: "/brands/{brandId}/audience-lists",
    summary: "List the WhatsApp status audience lists of a brand's channels",
    tag: "Channels",
    permission: "stories:view",
    doing: "see audience lists",
    params: brandParams,
    response: {
      status: 200,
      schema: listOf(audienceListSchema),
      description:
        "The lists, by channel; only channels whose platform lets StoryRelay choose an audience have any.",
    },
  },
  importPlan: {
    operationId: "importPlan",
    method: "POST",
    path: "/brands/{brandId}/imports",
    summary: "Import a plan CSV into a brand (or check it: dryRun=true)",
    tag: "Brands",
    permission: "stories:edit",
    doing: "import a plan",
    params: brandParams,
    query: planImportQuery,
    body: { contentType: "multipart/form-data", schema: planFileSchema },
    response: {
      status: 202,
      schema: importStartedSchema,
      description:
        "The file passed the dry run and is being imported in the background: follow it with getImport. A file with errors is refused (422) and nothing is written; send it with dryRun=true for the report by row.",
    },
    otherResponse: {
      status: 200,
      schema: planReportSchema,
      description:
        "dryRun=true: each problem by row and column with how to fix it, and the stories the rows would schedule. Nothing is written.",
      matches: (result) => typeof result === "object" && result !== null && "problems" in result,
    },
  },
  getImport: {
    operationId: "getImport",
    method: "GET",
    path: "/imports/{importId}",
    summary: "An import's status, progress and per-row report",
    tag: "Brands",
    permission: "stories:view",
    doing: "see imports",
    params: importParams,
    response: {
      status: 200,
      schema: importJobSchema,
      description:
        "QUEUED, RUNNING (with the rows done so far), DONE with the per-row report, or FAILED with why.",
    },
  },
  uploadMedia: {
    operationId: "uploadMedia",
    method: "POST",
    path: "/media",
    summary: "Upload media (multipart)",
    tag: "Media",
    permission: "stories:edit",
    doing: "upload media",
    body: { contentType: "multipart/form-data", schema: uploadSchema },
    response: {
      status: 201,
      schema: mediaAssetSchema,
      description: "The stored media, PROCESSING until the workers are done: follow it with getMedia.",
    },
  },
  importMedia: {
    operationId: "importMedia",
    method: "POST",
    path: "/media/import",
    summary: "Import media from a URL",
    tag: "Media",
    permission: "stories:edit",
    doing: "upload media",
    body: { contentType: "application/json", schema: importSchema },
    response: {
      status: 201,
      schema: mediaAssetSchema,
      description: "The stored media, PROCESSING until the workers are done: follow it with getMedia.",
    },
  },
  listAuditEntries: {
    operationId: "listAuditEntries",
    method: "GET",
    path: "/audit",
    summary: "Read the workspace's audit trail",
    tag: "Audit",
    permission: "audit:view",
    doing: "read the audit log",
    query: listAuditQuery,
    response: {
      status: 200,
      schema: listOf(auditEntrySchema),
      description: "Newest first: who did what, when, to which brand, story or channel, and from where.",
    },
  },
  listMedia: {
    operationId: "listMedia",
    method: "GET",
    path: "/media",
    summary: "List media",
    tag: "Media",
    permission: "stories:view",
    doing: "see the media library",
    query: listMediaQuery,
    response: {
      status: 200,
      schema: listOf(mediaAssetSchema),
      description: "Newest first; a split video's parts in order.",
    },
  },
  getMedia: {
    operationId: "getMedia",
    method: "GET",
    path: "/media/{mediaId}",
    summary: "Get a media file, to follow its processing to READY or FAILED",
    tag: "Media",
    permission: "stories:view",
    doing: "see the media library",
    params: mediaParams,
    response: { status: 200, schema: mediaAssetSchema, description: "The media file." },
  },
  createStory: {
    operationId: "createStory",
    method: "POST",
    path: "/stories",
    summary: "Schedule a story",
    tag: "Stories",
    permission: "stories:edit",
    doing: "schedule stories",
    body: { contentType: "application/json", schema: scheduleStorySchema },
    response: {
      status: 201,
      schema: scheduledStorySchema,
      description: "The story with one target per channel, and the checks' warnings.",
    },
  },
  listStories: {
    operationId: "listStories",
    method: "GET",
    path: "/stories",
    summary: "List stories",
    tag: "Stories",
    permission: "stories:view",
    doing: "see stories",
    query: listStoriesQuery,
    response: {
      status: 200,
      schema: listOf(storySummarySchema),
      description: "Latest scheduled first; unscheduled last.",
    },
  },
  getStory: {
    operationId: "getStory",
    method: "GET",
    path: "/stories/{storyId}",
    summary: "Get a story with every target's state, external ids, permalink and error",
    tag: "Stories",
    permission: "stories:view",
    doing: "see stories",
    params: storyParams,
    response: { status: 200, schema: storySchema, description: "The story." },
  },
  rescheduleStory: {
    operationId: "rescheduleStory",
    method: "POST",
    path: "/stories/{storyId}/reschedule",
    summary: "Move a story that has not started to another time",
    tag: "Stories",
    permission: "stories:edit",
    doing: "reschedule stories",
    params: storyParams,
    body: { contentType: "application/json", schema: rescheduleSchema },
    response: {
      status: 200,
      schema: scheduledStorySchema,
      description: "The story at its new time, and the checks' warnings at that time.",
    },
  },
  approveStory: {
    operationId: "approveStory",
    method: "POST",
    path: "/stories/{storyId}/approve",
    summary: "Approve the reviewed version of a story waiting for review",
    tag: "Stories",
    permission: "stories:approve",
    doing: "approve stories",
    params: storyParams,
    body: { contentType: "application/json", schema: approveSchema },
    response: {
      status: 200,
      schema: reviewedStorySchema,
      description:
        "The story: SCHEDULED (due ones go out at once) once the brand's policy is satisfied, APPROVED with needsNewTime when its latest start has passed (reschedule it), or still IN_REVIEW with waitingFor naming who must approve next.",
    },
  },
  listComments: {
    operationId: "listComments",
    method: "GET",
    path: "/stories/{storyId}/comments",
    summary: "List a story's comments",
    tag: "Stories",
    permission: "stories:view",
    doing: "see stories",
    params: storyParams,
    response: {
      status: 200,
      schema: listOf(commentSchema),
      description: "Oldest first (up to 500); members', clients' (through a review link) and the API's.",
    },
  },
  createComment: {
    operationId: "createComment",
    method: "POST",
    path: "/stories/{storyId}/comments",
    summary: "Comment on a story",
    tag: "Stories",
    permission: "stories:comment",
    doing: "comment on stories",
    params: storyParams,
    body: { contentType: "application/json", schema: commentBodySchema },
    response: {
      status: 201,
      schema: createdCommentSchema,
      description:
        "The comment. Mentioned members who can see the brand are notified (story.mention), the story's author and earlier commenters too (story.comment); webhook story.commented.",
    },
  },
  requestStoryChanges: {
    operationId: "requestStoryChanges",
    method: "POST",
    path: "/stories/{storyId}/request-changes",
    summary: "Send the reviewed version of a story back with a comment",
    tag: "Stories",
    permission: "stories:approve",
    doing: "request changes to stories",
    params: storyParams,
    body: { contentType: "application/json", schema: requestChangesSchema },
    response: {
      status: 200,
      schema: reviewedStorySchema,
      description: "The story, still IN_REVIEW and not scheduled until a later version is approved.",
    },
  },
  cancelStory: {
    operationId: "cancelStory",
    method: "POST",
    path: "/stories/{storyId}/cancel",
    summary: "Cancel a story",
    tag: "Stories",
    permission: "stories:edit",
    doing: "cancel stories",
    params: storyParams,
    response: {
      status: 200,
      schema: storySchema,
      description: "The story; targets already publishing finish, the others are skipped.",
    },
  },
  retryTarget: {
    operationId: "retryTarget",
    method: "POST",
    path: "/stories/{storyId}/targets/{targetId}/retry",
    summary: "Retry a failed target",
    tag: "Stories",
    permission: "stories:edit",
    doing: "retry publishing",
    params: z.strictObject({ storyId: id("story"), targetId: id("target") }),
    response: {
      status: 202,
      schema: storySchema,
      description: "The story, with the target back to PENDING.",
    },
  },
  getStoryInsights: {
    operationId: "getStoryInsights",
    method: "GET",
    path: "/stories/{storyId}/insights",
    summary: "A published story's numbers per channel: latest, growth and frame funnel",
    tag: "Insights",
    permission: "stories:view",
    doing: "see analytics",
    params: storyParams,
    response: {
      status: 200,
      schema: storyInsightsSchema,
      description:
        "Per channel: its latest numbers per frame and summed (null where not reported), when they were read and whether final, their growth at each reading, and for a multi-frame story the funnel. A platform whose API reports nothing is NOT_REPORTED with the reason.",
    },
  },
  getBrandInsights: {
    operationId: "getBrandInsights",
    method: "GET",
    path: "/brands/{brandId}/insights",
    summary: "A brand's numbers over a range of days in its zone",
    tag: "Insights",
    permission: "stories:view",
    doing: "see analytics",
    params: brandParams,
    query: brandInsightsQuery,
    response: {
      status: 200,
      schema: brandInsightsSchema,
      description:
        "Totals, a series per day (per week beyond 62 days), by platform, by content type, and the top and bottom five stories. At most 366 days.",
    },
  },
  listConversations: {
    operationId: "listConversations",
    method: "GET",
    path: "/conversations",
    summary: "List inbox conversations (replies, reactions and mentions of your stories)",
    tag: "Inbox",
    permission: "inbox:view",
    doing: "read the inbox",
    query: listConversationsQuery,
    response: {
      status: 200,
      schema: listOf(conversationSchema),
      description: "Latest message first; only the brands the key's member may see.",
    },
  },
  listMessages: {
    operationId: "listMessages",
    method: "GET",
    path: "/conversations/{conversationId}/messages",
    summary: "A conversation's messages, oldest first",
    tag: "Inbox",
    permission: "inbox:view",
    doing: "read the inbox",
    params: conversationParams,
    response: {
      status: 200,
      schema: listOf(messageSchema),
      description: "Every message kept, oldest first.",
    },
  },
  sendMessage: {
    operationId: "sendMessage",
    method: "POST",
    path: "/conversations/{conversationId}/messages",
    summary: "Answer the person through their platform, at most once per clientId / Idempotency-Key",
    tag: "Inbox",
    permission: "inbox:reply",
    doing: "answer messages",
    params: conversationParams,
    body: { contentType: "application/json", schema: sendMessageSchema },
    response: {
      status: 201,
      schema: messageSchema,
      description:
        "The message with its sendState: SENT, FAILED (with sendError; nothing was sent) or UNCONFIRMED (the platform's answer was lost; it may have been delivered and will not be resent). A closed reply window is refused (409) before anything is sent.",
    },
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
