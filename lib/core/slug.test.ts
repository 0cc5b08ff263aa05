import { describe, expect, it } from "vitest";
import { slugify } from "./slug";

describe("slugify", () => {
  it.each([
    ["Acme Agency", "acme-agency"],
    ["Café Müller & Söhne", "cafe-muller-sohne"],
    ["  --Hello__World--  ", "hello-world"],
    ["日本語", "workspace"],
    ["a".repeat(60), "a".repeat(40)],
  ])("%j → %j", (name, slug) => expect(slugify(name)).toBe(slug));
});
