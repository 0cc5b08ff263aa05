import { z } from "zod";
import { targetAudienceSchema } from "@/lib/audiences/write-target-audiences";
import { MAX_FRAMES } from "@/lib/core/platform-limits";
import { MAX_STICKERS_PER_FRAME, stickerSchema } from "@/lib/core/stickers";
import { TEXT_LIMITS } from "@/lib/core/text-limits";
import { MAX_FRESHNESS_MINUTES, WALL_CLOCK_FORMAT_MESSAGE } from "@/lib/core/time-bounds";
import { parseWallClock } from "@/lib/core/wall-clock";

/** Ids are short (cuids, UUIDs); a longer value is refused by name instead of looked up. */
const MAX_ID = 100;
const idSchema = (empty: string) => z.string().min(1, empty).max(MAX_ID, `At most ${MAX_ID} characters.`);

const WHEN_FORMS = ["now", "local", "at"] as const;

/** How many of the three forms an input names: anything but one is ambiguous (or empty). */
const formsIn = (value: unknown) =>
  value !== null && typeof value === "object" ? WHEN_FORMS.filter((form) => form in value).length : 0;

/**
 * When a story goes out: `{now: true}`, `{local, timeZone?}` or `{at}`, exactly one form. Strict,
 * because `{now: true, at}` once published at once and silently ignored `at`.
 */
export const whenSchema = z.union(
  [
    z.strictObject({ now: z.literal(true) }),
    z.strictObject({
      /** Wall-clock time in the brand's zone (or `timeZone` when given), "yyyy-MM-ddTHH:mm". */
      // Not `abort`: an aborted form makes the union report "when" instead of "when.local".
      local: z
        .string()
        .max(40, WALL_CLOCK_FORMAT_MESSAGE)
        .refine((value) => parseWallClock(value) !== null, {
          message: WALL_CLOCK_FORMAT_MESSAGE,
        }),
      timeZone: z.string().max(100, "At most 100 characters.").optional(),
    }),
    z.strictObject({
      at: z.iso.datetime({
        offset: true,
        message: "Use ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00.",
      }),
    }),
  ],
  {
    error: (issue) =>
      formsIn(issue.input) === 1
        ? 'Use {"now": true}, {"local": "2026-12-01T09:00", "timeZone": "Europe/Berlin"} (timeZone optional) or {"at": "2026-12-01T09:00:00+01:00"}.'
        : "Give exactly one of now, local or at.",
  },
);

/** One channel's departures from the story: fewer frames, or its own WhatsApp caption. */
export const channelOverrideSchema = z.strictObject({
  channelId: idSchema("Choose a channel."),
  /** 0-based positions of the story's frames this channel gets, in story order; omitted = all. */
  frames: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(MAX_FRAMES - 1),
    )
    .max(MAX_FRAMES)
    .optional(),
  /** This channel's caption instead of whatsappText (WhatsApp channels only). */
  caption: z.string().trim().max(TEXT_LIMITS.caption.max, TEXT_LIMITS.caption.tooLong).optional(),
});

/** A text frame: a WhatsApp text status, the text on a coloured background. */
export const textFrameSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "A text status needs some text.")
    .max(TEXT_LIMITS.textStatus.max, TEXT_LIMITS.textStatus.tooLong),
  /** "#RRGGBB"; WhatsApp's green when omitted. */
  backgroundColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #38B42F.")
    .optional(),
});

/** A frame: a media asset's id, or a text status. */
export const frameSchema = z.union([idSchema("Choose a media file."), textFrameSchema]);

/** What a story says and where it goes: shared by scheduling, drafts and edits. */
export const storyContentSchema = z.strictObject({
  title: z.string().trim().max(TEXT_LIMITS.title.max, TEXT_LIMITS.title.tooLong).default(""),
  channelIds: z.array(idSchema("Choose a channel.")).max(20).default([]),
  /** The frames in the order they are published: media asset ids, or text statuses (WhatsApp only). */
  frames: z.array(frameSchema).max(MAX_FRAMES, "A story has at most 10 frames.").default([]),
  whatsappText: z.string().trim().max(TEXT_LIMITS.caption.max, TEXT_LIMITS.caption.tooLong).optional(),
  overrides: z.array(channelOverrideSchema).max(20).default([]),
  /** Stickers planned on the frames, each naming its frame by position. */
  stickers: z
    .array(stickerSchema)
    .max(MAX_FRAMES * MAX_STICKERS_PER_FRAME)
    .default([])
    .refine(
      (stickers) =>
        stickers.every((s) => stickers.filter((o) => o.frame === s.frame).length <= MAX_STICKERS_PER_FRAME),
      `A frame has at most ${MAX_STICKERS_PER_FRAME} stickers.`,
    ),
});

const channelIdsRequired = z
  .array(idSchema("Choose a channel."))
  .min(1, "Choose at least one channel.")
  .max(20);

/** A story edited in place (update-story.ts): the content, required channels and a time. */
export const updateStorySchema = storyContentSchema.extend({
  channelIds: channelIdsRequired,
  when: whenSchema,
});

export const scheduleStorySchema = updateStorySchema.extend({
  brandId: idSchema("Choose a brand."),
  /** How late the story may still start; default two hours, at most a day (lib/core/time-bounds.ts). */
  freshnessMinutes: z.number().int().min(1).max(MAX_FRESHNESS_MINUTES).optional(),
  /** Who the status goes to on channels that can choose (WhatsApp); absent channels: everyone. */
  audiences: z.array(targetAudienceSchema).max(50).default([]),
});

export type TextFrame = z.output<typeof textFrameSchema>;
export type FrameContent = z.output<typeof frameSchema>;
export type StoryContentInput = z.input<typeof storyContentSchema>;
export type StoryContent = z.output<typeof storyContentSchema>;
export type UpdateStoryInput = z.input<typeof updateStorySchema>;
export type ScheduleStoryInput = z.input<typeof scheduleStorySchema>;
