import { z } from "zod";
import { APPROVAL_POLICIES, type ApprovalPolicy, needsApproval } from "@/lib/core/approval-policy";
import { storedStickerSchema } from "@/lib/core/stickers";
import {
  ChannelStatus,
  MediaFit,
  MediaKind,
  MediaStatus,
  Platform,
  StoryStatus,
  TargetState,
  WaitReason,
} from "@/lib/db/generated/enums";

/**
 * The API's response bodies as zod schemas. Handlers `z.encode` what the use cases return with
 * them, which turns dates into ISO-8601 strings and drops every field not listed here, so a
 * column added to a table never leaks into the API by accident; the OpenAPI document is built
 * from the same schemas.
 */

const timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (value) => new Date(value),
  encode: (date) => date.toISOString(),
});

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "A URI naming the kind of problem." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: "What went wrong and what to do, for a person." }),
    instance: z.string().optional(),
    code: z.string().meta({ description: "StoryRelay's error code, e.g. INVALID_INPUT." }),
    errors: z
      .array(
        z.object({
          field: z
            .string()
            .meta({ description: 'Dotted path into the request, e.g. "when.at" or "frames.0".' }),
          pointer: z.string().meta({ description: "The same path as a JSON Pointer (RFC 6901)." }),
          detail: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)." });

export const brandSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string().meta({ description: "IANA zone the brand plans in." }),
    approvalPolicy: z.enum(APPROVAL_POLICIES).meta({
      description:
        "Who approves its stories before they go out: NONE, TEAM (an approver, admin or owner), TEAM_NOT_AUTHOR (one who is not the author), TEAM_AND_CLIENT (a team approval and the client's, through a review link).",
    }),
    approvalRequired: z
      .boolean()
      .meta({ deprecated: true, description: "Deprecated: read approvalPolicy. True when it is not NONE." }),
    quietHoursStart: z.string().nullable(),
    quietHoursEnd: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Brand" });

/** A brand as the API shows it: the deprecated `approvalRequired` derived from its policy. */
export function brandResource<B extends { approvalPolicy: ApprovalPolicy }>(brand: B) {
  return { ...brand, approvalRequired: needsApproval(brand.approvalPolicy) };
}

export const channelSchema = z
  .object({
    id: z.string(),
    platform: z.enum(Platform),
    displayName: z.string(),
    status: z.enum(ChannelStatus),
    statusReason: z.string().nullable(),
    sandbox: z.boolean(),
    externalAccountId: z.string(),
    tokenExpiresAt: timestamp.nullable(),
  })
  .meta({ id: "Channel" });

export const audienceListSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    name: z.string(),
    contactCount: z.number().int(),
  })
  .meta({
    id: "AudienceList",
    description:
      "A named list of a WhatsApp channel's contacts. Pass its id in a story's `audiences` as { channelId, mode: ONLY | EXCEPT, listId }; the list's contacts are copied when the story is scheduled.",
  });

export const mediaAssetSchema = z
  .object({
    id: z.string(),
    brandId: z.string().nullable(),
    kind: z.enum(MediaKind),
    status: z.enum(MediaStatus).meta({
      description:
        "PROCESSING after upload; the workers make it READY (fitted to 9:16) or FAILED. Only READY media can be used in a story.",
    }),
    mimeType: z.string(),
    originalName: z.string(),
    sizeBytes: z.codec(z.number().int(), z.bigint(), {
      decode: (value) => BigInt(value),
      encode: (value) => Number(value),
    }),
    width: z.number().int().nullable().meta({ description: "Of the story rendition once READY." }),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    checksum: z.string().meta({ description: "sha256 of the stored bytes, hex." }),
    fit: z.enum(MediaFit).meta({ description: "How it is fitted into the 1080×1920 story frame." }),
    errorMessage: z
      .string()
      .nullable()
      .meta({ description: "Why processing failed (status FAILED), and what to do; null otherwise." }),
    hasThumbnail: z.boolean(),
    sourceAssetId: z
      .string()
      .nullable()
      .meta({ description: "For a part of a split long video: the id of the video it was cut from." }),
    segmentIndex: z.number().int().nullable().meta({ description: "That part's position, from 0." }),
    parts: z.number().int().meta({ description: "How many parts a split video was cut into (0 if none)." }),
    createdAt: timestamp,
  })
  .meta({ id: "MediaAsset" });

const waitFields = {
  reason: z.enum(WaitReason).meta({
    description:
      "QUOTA: the platform's rolling publishing limit is used up; CALL_BUDGET: StoryRelay's per-minute call budget for the channel; PLATFORM_RATE_LIMIT: the platform asked to slow down; RETRY_BACKOFF: the next try after a temporary problem; CONTAINER_PROCESSING: the platform is processing the media; CHANNEL_NEEDS_REAUTH: the channel must be reconnected.",
  }),
  until: timestamp.nullable().meta({ description: "When the wait ends; null when it waits for a person." }),
  detail: z
    .string()
    .nullable()
    .meta({ description: 'The platform\'s numbers, e.g. "Instagram Stories allows 25 posts per 24 h; …".' }),
  waitingFor: z.string().meta({ description: "What it waits for, for a person." }),
  pastDeadline: z.boolean().meta({
    description:
      "The wait ends after the story's freshnessDeadline: the channel will expire rather than publish late.",
  }),
  advice: z.string().meta({ description: "What the user can do about it, in one sentence." }),
};

const targetWaitSchema = z.object(waitFields).nullable().meta({
  id: "TargetWait",
  description: "Why this open target is not publishing right now; null when it is not waiting.",
});

const storyFields = {
  id: z.string(),
  brandId: z.string(),
  title: z.string(),
  status: z.enum(StoryStatus),
  scheduledAt: timestamp.nullable(),
  scheduledLocal: z.string().nullable().meta({ description: 'Wall-clock time chosen, "yyyy-MM-ddTHH:mm".' }),
  timeZone: z.string().nullable(),
  publishedAt: timestamp.nullable(),
};

export const storySummarySchema = z
  .object({
    ...storyFields,
    targets: z.array(
      z.object({
        id: z.string(),
        state: z.enum(TargetState),
        channel: z.object({ id: z.string(), platform: z.enum(Platform), displayName: z.string() }),
      }),
    ),
  })
  .meta({ id: "StorySummary" });

export const storySchema = z
  .object({
    ...storyFields,
    whatsappText: z.string().nullable(),
    version: z.number().int(),
    freshnessDeadline: timestamp.nullable().meta({ description: "Past this instant the story expires." }),
    canceledAt: timestamp.nullable(),
    createdAt: timestamp,
    wait: z
      .object({
        ...waitFields,
        channel: z.string().meta({ description: "The channel whose wait ends first." }),
      })
      .nullable()
      .meta({
        id: "StoryWait",
        description:
          "Set while the status is PUBLISHING but nothing is being published: every open channel is waiting. The wait that ends first; null otherwise.",
      }),
    frames: z.array(
      z.object({
        id: z.string(),
        position: z.number().int(),
        mediaAsset: z
          .object({ id: z.string(), kind: z.enum(MediaKind), mimeType: z.string() })
          .nullable()
          .meta({ description: "Null for a text status, which has `text` instead." }),
        text: z.string().nullable().meta({ description: "A text status's text (WhatsApp only)." }),
        backgroundColor: z
          .string()
          .nullable()
          .meta({ description: 'A text status\'s "#RRGGBB" background.' }),
        stickers: z.array(storedStickerSchema).meta({
          description:
            "Stickers planned on this frame, x and y from the top left in 0..1. Mentions go out through Instagram's API (user_tags); the others are added by hand.",
        }),
      }),
    ),
    targets: z.array(
      z.object({
        id: z.string(),
        state: z.enum(TargetState),
        attemptCount: z.number().int(),
        nextAttemptAt: timestamp.nullable(),
        permalink: z.string().nullable(),
        publishedAt: timestamp.nullable(),
        lastErrorClass: z.string().nullable(),
        lastErrorCode: z.string().nullable(),
        lastErrorMessage: z.string().nullable(),
        wait: targetWaitSchema,
        channel: z.object({
          id: z.string(),
          platform: z.enum(Platform),
          displayName: z.string(),
          status: z.enum(ChannelStatus),
        }),
        frames: z.array(
          z.object({
            position: z.number().int(),
            state: z.string(),
            externalContainerId: z.string().nullable(),
            externalMediaId: z.string().nullable(),
            externalPostId: z.string().nullable(),
            externalMessageId: z.string().nullable(),
            publishedAt: timestamp.nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "Story" });

export const scheduledStorySchema = storySchema
  .extend({
    warnings: z.array(z.string()).meta({
      description:
        "The story checks' warnings at its time, in the composer's words (e.g. a channel's publishing quota would be exceeded). They do not stop scheduling.",
    }),
  })
  .meta({ id: "ScheduledStory" });

export const commentSchema = z
  .object({
    id: z.string(),
    body: z.string().meta({
      description:
        "The text; a mention is written `@[Name](userId)` (a member who can see the story's brand).",
    }),
    authorId: z
      .string()
      .nullable()
      .meta({ description: "The member who wrote it; null for a client or the API." }),
    authorLabel: z.string().meta({
      description: 'How the author reads on the dashboard, e.g. "Ana (client, through a review link)".',
    }),
    createdAt: timestamp,
  })
  .meta({ id: "Comment" });

export const createdCommentSchema = commentSchema
  .extend({
    notNotified: z.array(z.object({ name: z.string(), userId: z.string() })).meta({
      description:
        "Mentions of people who are not members able to see the story's brand: kept in the text, nobody told.",
    }),
  })
  .meta({ id: "CreatedComment" });

export const reviewedStorySchema = storySchema
  .extend({
    needsNewTime: z.boolean().meta({
      description:
        "Approved by everyone the brand's policy needs, but its latest start has passed: reschedule it to publish it.",
    }),
    waitingFor: z.enum(["team", "client"]).nullable().meta({
      description:
        "Who the story still waits for under the brand's approval policy (team: an approver, admin or owner; client: through a review link); null when the approvals are complete.",
    }),
  })
  .meta({ id: "ReviewedStory" });

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });

const planProblemSchema = z
  .object({
    row: z
      .number()
      .int()
      .meta({ description: "The spreadsheet row: the header is row 1, row 0 the whole file." }),
    column: z.string().nullable().meta({ description: "The column, or null for the row or the file." }),
    severity: z
      .enum(["error", "warning"])
      .meta({ description: "An error stops the import; a warning does not." }),
    problem: z.string(),
    fix: z.string(),
  })
  .meta({ id: "PlanProblem" });

export const planReportSchema = z
  .object({
    rows: z.number().int().meta({ description: "Rows read, the header not counted." }),
    problems: z.array(planProblemSchema),
    stories: z.array(
      z.object({
        row: z.number().int(),
        brandId: z.string(),
        channelIds: z.array(z.string()),
        frames: z
          .array(z.string())
          .meta({ description: "Media ids and http(s) URLs (fetched by the import), in order." }),
        local: z
          .string()
          .meta({ description: 'The wall-clock time it will be scheduled at, "yyyy-MM-ddTHH:mm".' }),
        timeZone: z.string(),
        scheduledAt: timestamp,
        whatsappText: z.string().nullable(),
        stickers: z
          .array(z.looseObject({ frame: z.number().int(), kind: z.string(), x: z.number(), y: z.number() }))
          .meta({
            description:
              "The stickers read from the row's stickers cell, each naming its frame from 0, with username, url or text as in a story's frames[].stickers.",
          }),
        title: z.string(),
      }),
    ),
  })
  .meta({ id: "PlanReport" });

export const importStartedSchema = z
  .object({
    id: z.string().meta({ description: "The import's id: GET /api/v1/imports/{id} follows it." }),
    status: z.literal("QUEUED"),
    rows: z.number().int().meta({ description: "The stories the file will import." }),
  })
  .meta({ id: "ImportStarted" });

export const importJobSchema = z
  .object({
    id: z.string(),
    brandId: z.string(),
    fileName: z.string(),
    status: z.enum(["QUEUED", "RUNNING", "DONE", "FAILED"]),
    rows: z.object({
      total: z.number().int(),
      done: z.number().int(),
      created: z.number().int(),
      skipped: z.number().int().meta({ description: "Rows whose story an earlier import created." }),
      failed: z.number().int(),
    }),
    warnings: z.array(planProblemSchema),
    failures: z.array(planProblemSchema).meta({ description: "Rows refused by the checks, not imported." }),
    error: z.string().nullable().meta({ description: "Why a FAILED import failed, and what to do." }),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "ImportJob" });

export const conversationSchema = z
  .object({
    id: z.string(),
    brandId: z.string(),
    channel: z.object({ id: z.string(), platform: z.enum(Platform), displayName: z.string() }),
    person: z.object({
      id: z.string().meta({
        description: "The platform's id of the person on this account (IGSID, PSID, WhatsApp chat id).",
      }),
      name: z.string().nullable(),
      handle: z.string().nullable(),
      avatarUrl: z.string().nullable(),
    }),
    status: z.enum(["OPEN", "DONE"]),
    assigneeId: z.string().nullable(),
    unreadCount: z.number().int(),
    lastMessageAt: timestamp,
    lastInboundAt: timestamp.nullable(),
    lastMessagePreview: z.string().nullable(),
    replyWindowClosesAt: timestamp.nullable().meta({
      description:
        "When answering stops being possible (24 h after the person's last message on Meta, 7 days with the human-agent tag where allowed); null when the platform has no window or it has closed (see replyClosedReason).",
    }),
    replyClosedReason: z.string().nullable(),
  })
  .meta({ id: "Conversation" });

export const messageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    direction: z.enum(["INBOUND", "OUTBOUND"]),
    kind: z.enum(["TEXT", "STORY_REPLY", "STORY_REACTION", "STORY_MENTION", "REACTION", "MEDIA"]),
    text: z.string().nullable().meta({ description: "Null once purged by retention, or for media alone." }),
    attachmentType: z.string().nullable(),
    storyId: z.string().nullable().meta({
      description: "The StoryRelay story a reply or reaction answers, when StoryRelay published it.",
    }),
    sentAt: timestamp,
    clientId: z
      .string()
      .nullable()
      .meta({ description: "The sender's id of an outbound message (idempotency)." }),
    sendState: z.enum(["SENDING", "SENT", "FAILED", "UNCONFIRMED"]).nullable().meta({
      description:
        "Outbound only. UNCONFIRMED: the platform's answer was lost; it may have been delivered and is never resent.",
    }),
    sendError: z.string().nullable(),
    humanAgentTag: z.boolean(),
  })
  .meta({ id: "Message" });

const namedSchema = z.object({
  id: z.string(),
  name: z.string(),
  exists: z.boolean().meta({ description: "False once it was deleted; the entry keeps its id." }),
});

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: timestamp,
    action: z.string().meta({ description: 'Dotted verb, e.g. "channel.connect", "auth.sign_in".' }),
    label: z.string().meta({ description: "The action in words, as the audit page shows it." }),
    group: z.string().meta({
      description:
        "access, members, channels, api, stories, reviews, inbox, media, exports, settings or other.",
    }),
    actor: z.object({
      kind: z.enum(["member", "apiKey", "reviewLink", "deletedUser", "cli", "system"]),
      id: z.string().nullable(),
      name: z
        .string()
        .nullable()
        .meta({ description: "The member's name, the key's name or the review link's label." }),
      clientName: z.string().nullable().meta({ description: "The name a client gave on a review link." }),
    }),
    entityType: z.string(),
    entityId: z.string(),
    brand: namedSchema.nullable(),
    story: namedSchema.nullable(),
    channel: namedSchema.nullable(),
    ip: z.string().nullable().meta({ description: "The client's IP, kept only behind a trusted proxy." }),
    userAgent: z.string().nullable(),
    data: z.unknown().meta({ description: "The action's details (JSON)." }),
  })
  .meta({ id: "AuditEntry" });
