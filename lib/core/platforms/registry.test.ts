import { describe, expect, test } from "vitest";
import { Platform } from "@/lib/db/generated/enums";
import { PLATFORM_LIMITS } from "../platform-limits";
import { choiceValue, isShown, readConnectForm, SECRET_FIELD_NAMES } from "./connect-form";
import { PLATFORM_DESCRIPTORS, platformDescriptor, STORY_PLATFORMS, type StoryPlatform } from "./registry";

describe("the platform registry", () => {
  test("has one descriptor for every Platform enum value, and none the enum lacks", () => {
    expect([...STORY_PLATFORMS].sort()).toEqual(Object.values(Platform).sort());
    expect(new Set(STORY_PLATFORMS).size).toBe(PLATFORM_DESCRIPTORS.length);
    // The type too: a Platform the registry lacks (or the other way round) does not compile.
    const fromEnum: StoryPlatform = Object.values(Platform)[0] as Platform;
    const toEnum: Platform = STORY_PLATFORMS[0] as StoryPlatform;
    expect([fromEnum, toEnum]).toHaveLength(2);
  });

  test("each descriptor is complete: names, limits, connect fields that its schema knows, a sandbox", () => {
    for (const d of PLATFORM_DESCRIPTORS) {
      expect(platformDescriptor(d.platform)).toBe(d);
      expect(d.name).not.toBe("");
      expect(d.channelLabel).not.toBe("");
      expect(PLATFORM_LIMITS[d.platform]).toBe(d.limits);
      expect(d.connect.fields.length).toBeGreaterThan(0);
      // A sandbox channel stores its secret in the platform's own shape, and an empty config parses.
      expect(d.credentials.parse(d.sandbox.credentials("sandbox-secret"))).toEqual(
        d.sandbox.credentials("sandbox-secret"),
      );
      expect(() => d.config.parse({})).not.toThrow();
      expect(d.sandbox.accountId(new Uint8Array([1, 2, 3, 4, 5, 6]))).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
    }
  });

  test("secret fields are the ones kept out of form answers", () => {
    expect([...SECRET_FIELD_NAMES].sort()).toEqual(["accessToken", "apiKey", "pageAccessToken"]);
  });
});

describe("reading the connect form", () => {
  const form = (entries: Record<string, string>) => (name: string) => entries[name];

  test("sends the chosen platform's shown fields, a choice's first option when none is chosen", () => {
    expect(
      readConnectForm(
        "b1",
        form({ platform: "INSTAGRAM", accountId: "1784", accessToken: "tok", apiKey: "x" }),
      ),
    ).toEqual({
      platform: "INSTAGRAM",
      brandId: "b1",
      accountId: "1784",
      accessToken: "tok",
      host: "instagram",
    });
    expect(
      readConnectForm(
        "b1",
        form({ platform: "WHATSAPP", mode: "handoff", assigneeUserId: "u1", apiKey: "x" }),
      ),
    ).toEqual({ platform: "WHATSAPP", brandId: "b1", mode: "handoff", assigneeUserId: "u1" });
    expect(
      readConnectForm(
        "b1",
        form({
          platform: "WHATSAPP",
          gatewayUrl: "https://g",
          session: "s",
          apiKey: "k",
          acknowledgeUnofficial: "on",
        }),
      ),
    ).toEqual({
      platform: "WHATSAPP",
      brandId: "b1",
      mode: "gateway",
      gatewayUrl: "https://g",
      session: "s",
      apiKey: "k",
      acknowledgeUnofficial: true,
    });
  });

  test("passes an unknown platform on for the schema to refuse", () => {
    expect(readConnectForm("b1", form({ platform: "MYSPACE", accountId: "1" }))).toEqual({
      platform: "MYSPACE",
      brandId: "b1",
    });
  });

  test("shows a field only under its choice", () => {
    const { fields } = platformDescriptor("WHATSAPP").connect;
    const member = fields.find((f) => f.name === "assigneeUserId");
    if (!member) throw new Error("WhatsApp has a member field");
    expect(isShown(member, fields, () => undefined)).toBe(false);
    expect(isShown(member, fields, (name) => (name === "mode" ? "handoff" : undefined))).toBe(true);
    expect(choiceValue(fields, "mode", undefined)).toBe("gateway");
  });
});
