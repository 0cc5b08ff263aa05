import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storyContentSchema, textFrameSchema } from "@/lib/stories/schemas";
import { countText, TEXT_LIMITS } from "./text-limits";

// Issue 11, item 9: a 5,940-character WhatsApp caption became 700 characters, cut mid-word, with
// no counter. The composer counts with countText and the server refuses with the schemas; both
// must draw the line at the same length and say the same sentence, and nothing is cut.

/** The server's refusal of `input` at `path`, or null when it accepts. */
function serverSays(
  schema: typeof storyContentSchema | typeof textFrameSchema,
  input: unknown,
): string | null {
  const result = schema.safeParse(input);
  return result.success ? null : (result.error.issues[0]?.message ?? "refused");
}

describe("countText", () => {
  it("refuses a 5,940-character caption with the server's words, and counts all of it", () => {
    const caption = `${"Fresh bread every morning. ".repeat(220).slice(0, 5_939)}!`;
    const count = countText("caption", caption);
    expect(count).toMatchObject({ length: 5_940, max: 700, level: "error" });
    expect(count.counter).toBe("5,940 / 700 characters");
    expect(count.message).toBe("WhatsApp captions are at most 700 characters.");
    expect(serverSays(storyContentSchema, { whatsappText: caption })).toBe(count.message);
  });

  it("warns near the limit and is silent well within it", () => {
    expect(countText("caption", "x".repeat(629))).toMatchObject({ level: "ok", message: null });
    expect(countText("caption", "x".repeat(630))).toMatchObject({
      level: "warning",
      message: "70 characters left.",
    });
    expect(countText("caption", "x".repeat(699)).message).toBe("1 character left.");
    expect(countText("caption", "x".repeat(700)).level).toBe("warning");
  });

  it("names each field's limit: title, caption, text status", () => {
    expect(countText("title", "t".repeat(121)).message).toBe("Titles are at most 120 characters.");
    expect(countText("textStatus", "s".repeat(701)).message).toBe(
      "WhatsApp text statuses are at most 700 characters.",
    );
  });

  it("draws the line where the server does, for any text, in the same words, and never cuts", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", "é", "\n", "😀"), maxLength: 800 });
    fc.assert(
      fc.property(text, text, text, (title, caption, status) => {
        const counts = {
          title: countText("title", title),
          caption: countText("caption", caption),
        };
        const content = storyContentSchema.safeParse({ title, whatsappText: caption });
        const clientRefuses = [counts.title, counts.caption].find((c) => c.level === "error");
        expect(content.success).toBe(clientRefuses === undefined);
        if (content.success) {
          // Accepted text is kept whole (trimmed only), not cut to fit.
          expect(content.data.title).toBe(title.trim());
          expect(content.data.whatsappText).toBe(caption.trim());
        } else {
          expect(content.error.issues.map((i) => i.message)).toContain(clientRefuses?.message);
        }
        const statusCount = countText("textStatus", status);
        const frame = serverSays(textFrameSchema, { text: status });
        if (status.trim().length > 0) {
          expect(frame).toBe(statusCount.level === "error" ? TEXT_LIMITS.textStatus.tooLong : null);
        }
      }),
      { numRuns: 300 },
    );
  });
});
