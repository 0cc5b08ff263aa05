import { MAX_WHATSAPP_TEXT } from "./platform-limits";

/**
 * The limited text fields of a story, with the one sentence that refuses each past its limit: the
 * composer counts with these as the person types (and refuses with the same sentence), and the
 * story schemas (lib/stories/schemas.ts) refuse with it on the server. Text is never cut to fit:
 * browsers cut a paste at an input's maxLength without a word, so no field has one.
 */

export type LimitedText = "title" | "caption" | "textStatus" | "note";

export const TEXT_LIMITS: Record<LimitedText, { max: number; tooLong: string }> = {
  title: { max: 120, tooLong: "Titles are at most 120 characters." },
  caption: {
    max: MAX_WHATSAPP_TEXT,
    tooLong: `WhatsApp captions are at most ${MAX_WHATSAPP_TEXT} characters.`,
  },
  textStatus: {
    max: MAX_WHATSAPP_TEXT,
    tooLong: `WhatsApp text statuses are at most ${MAX_WHATSAPP_TEXT} characters.`,
  },
  /** A person's note on a story StoryRelay could not confirm (lib/publishing/resolve-unconfirmed.ts). */
  note: { max: 500, tooLong: "Notes are at most 500 characters." },
};

/** From this share of the limit on, the counter warns. */
export const NEAR_LIMIT = 0.9;

export type TextCount = {
  /** Characters as the server counts them: the trimmed text's length. */
  length: number;
  max: number;
  level: "ok" | "warning" | "error";
  /** "5,940 / 700 characters", always shown next to the field. */
  counter: string;
  /** The refusal past the limit (the server's words), or the warning near it; null when well within. */
  message: string | null;
};

/** How `value` stands against the limit of `field`, counted the way the server counts it. */
export function countText(field: LimitedText, value: string): TextCount {
  const { max, tooLong } = TEXT_LIMITS[field];
  const length = value.trim().length;
  const counter = `${length.toLocaleString("en")} / ${max.toLocaleString("en")} characters`;
  if (length > max) return { length, max, level: "error", counter, message: tooLong };
  if (length >= Math.ceil(max * NEAR_LIMIT)) {
    const left = max - length;
    return {
      length,
      max,
      level: "warning",
      counter,
      message: `${left.toLocaleString("en")} ${left === 1 ? "character" : "characters"} left.`,
    };
  }
  return { length, max, level: "ok", counter, message: null };
}
