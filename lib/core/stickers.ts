import { z } from "zod";
import { MAX_FRAMES } from "./platform-limits";

// Stickers planned on a story's frames: what the marketer places in the composer, what is stored
// per frame (StoryFrame.stickers) and what the pipeline hands to a publisher whose API adds them.

/** Enough for any real story; a frame with more stickers than this is unreadable. */
export const MAX_STICKERS_PER_FRAME = 5;

/** A position on the frame as a fraction of its width (x) or height (y), from the top left. */
const fraction = (axis: "x" | "y") =>
  z
    .number({ error: `${axis} must be a number from 0 to 1.` })
    .min(0, `${axis} must be from 0 (${axis === "x" ? "left" : "top"}) to 1.`)
    .max(1, `${axis} must be from 0 to 1 (${axis === "x" ? "right" : "bottom"} edge).`);

/** 0-based position of the frame the sticker goes on (in the story's content, not in storage). */
const frameField = {
  frame: z
    .number()
    .int()
    .min(0)
    .max(MAX_FRAMES - 1, "A story has at most 10 frames."),
};

const stickerText = (what: string) =>
  z.string().trim().min(1, `Write the ${what}.`).max(200, `The ${what} has at most 200 characters.`);

const KIND_MESSAGE = "kind must be one of mention, link, poll, question, location, music.";

/**
 * The kinds of sticker, each with what it needs, with `extra` fields (the frame, in a story's
 * content). Which ones the API adds and which a person adds by hand is a platform fact
 * (PlatformLimits.apiCannot), not a property of the sticker.
 */
function stickerOptions<Extra extends z.ZodRawShape>(extra: Extra, username: z.ZodType<string, string>) {
  const at = { ...extra, x: fraction("x"), y: fraction("y") };
  return [
    z.strictObject({
      ...at,
      kind: z.literal("mention"),
      username,
    }),
    z.strictObject({
      ...at,
      kind: z.literal("link"),
      url: z
        .url({ protocol: /^https?$/, error: "Use a full web address, e.g. https://example.com/sale." })
        .max(2000, "A link has at most 2000 characters."),
      /** The sticker's label, where the app lets you change it. */
      text: stickerText("sticker text").optional(),
    }),
    z.strictObject({ ...at, kind: z.literal("poll"), text: stickerText("poll question") }),
    z.strictObject({ ...at, kind: z.literal("question"), text: stickerText("question") }),
    z.strictObject({ ...at, kind: z.literal("location"), text: stickerText("place name") }),
    z.strictObject({ ...at, kind: z.literal("music"), text: stickerText("song and artist") }),
  ] as const;
}

// Instagram's rule for usernames: letters, digits, "." and "_", at most 30.
const username = z
  .string()
  .regex(/^[A-Za-z0-9._]{1,30}$/, "A username has 1-30 letters, digits, dots or underscores.");

/** A sticker planned on one frame of a story's content, naming its frame by position. */
export const stickerSchema = z.discriminatedUnion(
  "kind",
  // People paste "@name": the "@" is not part of it.
  stickerOptions(
    frameField,
    z
      .string()
      .trim()
      .transform((value) => value.replace(/^@/, ""))
      .pipe(username),
  ),
  { error: KIND_MESSAGE },
);

/**
 * A sticker as stored on its frame (StoryFrame.stickers) and returned by the API: already clean,
 * so without the input's transform (the API encodes its responses through the schema).
 */
export const storedStickerSchema = z.discriminatedUnion("kind", stickerOptions({}, username), {
  error: KIND_MESSAGE,
});

export type Sticker = z.output<typeof stickerSchema>;
export type StoredSticker = z.output<typeof storedStickerSchema>;

/** Reads StoryFrame.stickers back; a row written before stickers existed holds `[]`. */
export const storedStickersSchema = z.array(storedStickerSchema);
