import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { toActionState } from "./action-state";

describe("toActionState", () => {
  it("names what is wrong when the refusal is about a field the form may not show", () => {
    // Publish now on an empty draft: the story page has no "frames" input to mark.
    const message = "Add at least one frame.";
    const state = toActionState(
      new AppError("INVALID_INPUT", message, { fields: { frames: message } }),
      null,
    );
    expect(state).toMatchObject({ ok: false, message, fields: { frames: message } });
  });

  it("joins several field messages, each once and each a sentence, in the person's words", () => {
    const error = new AppError("INVALID_INPUT", "name: Required; timeZone: Unknown zone", {
      fields: {
        name: "Give the brand a name",
        timeZone: '"Mars/Olympus_Mons" is not a known IANA time zone.',
        other: "Give the brand a name",
      },
    });
    expect(toActionState(error, null).message).toBe(
      'Give the brand a name. "Mars/Olympus_Mons" is not a known IANA time zone.',
    );
  });

  it("never answers with a pointer to marks instead of the problem", () => {
    const error = new AppError("INVALID_INPUT", "password: Use at least 10 characters.", {
      fields: { password: "Use at least 10 characters." },
    });
    expect(toActionState(error, null).message).not.toMatch(/marked fields/);
  });

  it("keeps the error's own message when there are no field messages", () => {
    const error = new AppError("CONFLICT", "The story changed; reload it.");
    expect(toActionState(error, null).message).toBe("The story changed; reload it.");
  });

  it("echoes what was submitted, but never a password", () => {
    const form = new FormData();
    form.set("email", "a@example.com");
    form.set("password", "secret-secret");
    const error = new AppError("INVALID_INPUT", "x", { fields: { email: "Taken." } });
    expect(toActionState(error, form).values).toEqual({ email: "a@example.com" });
  });
});
