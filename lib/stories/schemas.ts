import { z } from "zod";
import { MAX_FRAMES, MAX_WHATSAPP_TEXT } from "@/lib/core/platform-limits";
import { MAX_FRESHNESS_MINUTES } from "@/lib/core/time-bounds";
import { parseWallClock } from "@/lib/core/wall-clock";

export const whenSchema = z.union([
  z.object({ now: z.literal(true) }),
  z.object({
    /** Wall-clock time in the brand's zone (or `timeZone` when given), "yyyy-MM-ddTHH:mm". */
    local: z.string().refine((value) => parseWallClock(value) !== null, {
      message: "Use a date and time like 2026-12-01T09:00.",
    }),
    timeZone: z.string().optional(),
  }),
  z.object({
    at: z.iso.datetime({
      offset: true,
      message: "Use ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00.",
    }),
  }),
]);

/** One channel's departures from the story: fewer frames, or its own WhatsApp caption. */
export const channelOverrideSchema = z.object({
  channelId: z.string().min(1),
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
  caption: z
    .string()
    .trim()
    .max(MAX_WHATSAPP_TEXT, "WhatsApp captions are at most 700 characters.")
    .optional(),
});

/** A text frame: a WhatsApp text status, the text on a coloured background. */
export const textFrameSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, "A text status needs some text.")
    .max(MAX_WHATSAPP_TEXT, "WhatsApp text statuses are at most 700 characters."),
  /** "#RRGGBB"; WhatsApp's green when omitted. */
  backgroundColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #38B42F.")
    .optional(),
});

/** A frame: a media asset's id, or a text status. */
export const frameSchema = z.union([z.string().min(1), textFrameSchema]);

/** What a story says and where it goes: shared by scheduling, drafts and edits. */
export const storyContentSchema = z.object({
  title: z.string().trim().max(120).default(""),
  channelIds: z.array(z.string().min(1)).max(20).default([]),
  /** The frames in the order they are published: media asset ids, or text statuses (WhatsApp only). */
  frames: z.array(frameSchema).max(MAX_FRAMES, "A story has at most 10 frames.").default([]),
  whatsappText: z
    .string()
    .trim()
    .max(MAX_WHATSAPP_TEXT, "WhatsApp captions are at most 700 characters.")
    .optional(),
  overrides: z.array(channelOverrideSchema).max(20).default([]),
});

const channelIdsRequired = z.array(z.string().min(1)).min(1, "Choose at least one channel.").max(20);

/** A story edited in place (update-story.ts): the content, required channels and a time. */
export const updateStorySchema = storyContentSchema.extend({
  channelIds: channelIdsRequired,
  when: whenSchema,
});

export const scheduleStorySchema = updateStorySchema.extend({
  brandId: z.string().min(1, "Choose a brand."),
  /** How late the story may still start; default two hours, at most a day (lib/core/time-bounds.ts). */
  freshnessMinutes: z.number().int().min(1).max(MAX_FRESHNESS_MINUTES).optional(),
});

export type TextFrame = z.output<typeof textFrameSchema>;
export type FrameContent = z.output<typeof frameSchema>;
export type StoryContentInput = z.input<typeof storyContentSchema>;
export type StoryContent = z.output<typeof storyContentSchema>;
export type UpdateStoryInput = z.input<typeof updateStorySchema>;
export type ScheduleStoryInput = z.input<typeof scheduleStorySchema>;
