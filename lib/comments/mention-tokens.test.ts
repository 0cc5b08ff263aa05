import { describe, expect, it } from "vitest";
import { mentionToken, parseMentions, plainComment, splitMentions } from "./mention-tokens";

describe("mention tokens", () => {
  it("finds each mentioned person once and reads as plain text", () => {
    const body = "Hi @[Ana Ruiz](u1), see @[Bo](u2) and @[Ana Ruiz](u1) again";
    expect(parseMentions(body)).toEqual([
      { name: "Ana Ruiz", userId: "u1" },
      { name: "Bo", userId: "u2" },
    ]);
    expect(plainComment(body)).toBe("Hi @Ana Ruiz, see @Bo and @Ana Ruiz again");
    expect(splitMentions("x @[Bo](u2)!")).toEqual([
      { text: "x " },
      { mention: { name: "Bo", userId: "u2" } },
      { text: "!" },
    ]);
  });

  it("leaves a plain @word and a broken token as text", () => {
    expect(parseMentions("mail me @ana or @[Ana](bad id)")).toEqual([]);
    expect(mentionToken({ name: "A]b", userId: "u1" })).toBe("@[A b](u1)");
  });
});
