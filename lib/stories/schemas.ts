import { z } from "zod";
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

export const scheduleStorySchema = z.object({
  brandId: z.string().min(1, "Choose a brand."),
  title: z.string().trim().max(120).default(""),
  channelIds: z.array(z.string().min(1)).min(1, "Choose at least one channel.").max(20),
  /** Media asset ids, in the order the frames are published. */
  frames: z.array(z.string().min(1)).max(10, "A story has at most 10 frames.").default([]),
  whatsappText: z.string().trim().max(700, "WhatsApp captions are at most 700 characters.").optional(),
  when: whenSchema,
  /** How late the story may still start; default two hours. */
  freshnessMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

export type ScheduleStoryInput = z.input<typeof scheduleStorySchema>;
