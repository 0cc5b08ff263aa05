import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import {
  findUnsafeText,
  NUL_MESSAGE,
  parseInput,
  SURROGATE_MESSAGE,
  UNKNOWN_FIELD_MESSAGE,
} from "@/lib/validation";

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isAppError(error, "INVALID_INPUT")) return error.details.fields;
    throw error;
  }
  throw new Error("expected INVALID_INPUT");
}

describe("text that cannot be stored", () => {
  const schema = z.object({ title: z.string(), frames: z.array(z.object({ text: z.string() })) });

  test("a NUL byte anywhere is refused with the field's path, before the schema runs", () => {
    const fields = refusal(() => parseInput(schema, { title: "ok", frames: [{ text: "a\u0000b" }] }));
    expect(fields).toEqual({ "frames.0.text": NUL_MESSAGE });
  });

  test("a lone surrogate is refused, a proper pair (an emoji) is not", () => {
    expect(refusal(() => parseInput(schema, { title: "\ud800x", frames: [] }))).toEqual({
      title: SURROGATE_MESSAGE,
    });
    expect(refusal(() => parseInput(schema, { title: "x\udc00", frames: [] }))).toEqual({
      title: SURROGATE_MESSAGE,
    });
    expect(parseInput(schema, { title: "Fresh 🥐", frames: [] }).title).toBe("Fresh 🥐");
  });

  test("keys and file names count too", () => {
    expect(findUnsafeText({ "a\u0000": 1 })?.field).toBe("a\u0000");
    const file = new File([new Uint8Array([1])], "photo\u0000.jpg");
    expect(findUnsafeText({ file })).toEqual({ field: "file", message: `File name: ${NUL_MESSAGE}` });
  });

  test("any well-formed string without NUL passes; any string with NUL is caught", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(findUnsafeText({ deep: [{ text: text.replaceAll("\u0000", "") }] })).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(findUnsafeText([`${before}\u0000${after}`])?.field).toBe("0");
      }),
    );
  });
});

describe("unknown fields", () => {
  const schema = z.strictObject({
    title: z.string(),
    frames: z.array(z.strictObject({ text: z.string() })),
  });

  test("each unknown key is named with its path, at any depth", () => {
    const fields = refusal(() =>
      parseInput(schema, { title: "ok", titel: "typo", frames: [{ text: "a", colour: "red" }] }),
    );
    expect(fields).toEqual({ titel: UNKNOWN_FIELD_MESSAGE, "frames.0.colour": UNKNOWN_FIELD_MESSAGE });
  });

  test('a key named "__proto__" is named too, not swallowed by the prototype', () => {
    const fields = refusal(() =>
      parseInput(schema, JSON.parse('{"title":"ok","frames":[],"__proto__":{"x":1}}')),
    );
    expect(Object.keys(fields ?? {})).toEqual(["__proto__"]);
  });

  test("a megabyte-long unknown key is not echoed whole", () => {
    const fields = refusal(() => parseInput(schema, { title: "ok", frames: [], ["k".repeat(1 << 20)]: 1 }));
    const [name] = Object.keys(fields ?? {});
    expect(name?.length).toBeLessThanOrEqual(101);
  });
});

test("a megabyte-long field name holding a NUL is named shortened", () => {
  const fields = refusal(() => parseInput(z.object({}), { [`${"k".repeat(1 << 20)}\u0000`]: 1 }));
  expect(Object.keys(fields ?? {})[0]?.length).toBeLessThanOrEqual(101);
});
