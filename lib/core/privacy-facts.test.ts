import { describe, expect, it } from "vitest";
import type { PrivacyFacts } from "@/lib/core/platforms/descriptor";
import { PLATFORM_DESCRIPTORS } from "@/lib/core/platforms/registry";
import { describeSeconds, type PrivacySettings, privacySections } from "@/lib/core/privacy-facts";

// A Record over every key: adding a fact to PrivacyFacts fails typechecking here until it is checked.
const FACT_KEYS: Record<keyof PrivacyFacts, "text" | "hours" | "optional text"> = {
  audience: "text",
  audienceLimits: "text",
  visibleHours: "hours",
  mediaDelivery: "text",
  sentWithMedia: "text",
  tokenUse: "text",
  insightsBack: "text",
  repliesBack: "text",
  encryption: "text",
  caveat: "optional text",
};

const settings: PrivacySettings = {
  mediaOrigin: "https://stories.example.com",
  mediaStorage: "s3",
  signedUrlSeconds: 5_400,
  messageRetentionDays: 30,
};

describe("privacy facts in the platform descriptors", () => {
  for (const descriptor of PLATFORM_DESCRIPTORS) {
    it(`${descriptor.name} fills every fact in plain words`, () => {
      const facts = descriptor.privacy as PrivacyFacts;
      for (const [key, kind] of Object.entries(FACT_KEYS) as [keyof PrivacyFacts, string][]) {
        const value = facts[key];
        if (kind === "hours") {
          expect(value, key).toBe(24);
          continue;
        }
        if (kind === "optional text" && value === null) continue;
        expect(typeof value, key).toBe("string");
        const text = value as string;
        expect(text.trim().length, key).toBeGreaterThan(10);
        expect(text, key).not.toMatch(/TODO|TBD|FIXME|lorem/i);
        // Sentences end with a full stop; the panel joins facts into running text.
        expect(text.trim(), key).toMatch(/[.!]$/);
      }
    });
  }

  it("tells the audience the APIs allow: public accounts, no Close Friends, WhatsApp contacts", () => {
    const facts = Object.fromEntries(PLATFORM_DESCRIPTORS.map((d) => [d.name, d.privacy as PrivacyFacts]));
    expect(facts.Instagram?.audience).toMatch(/public/);
    expect(facts.Instagram?.audienceLimits).toMatch(/Close Friends cannot be chosen/);
    expect(facts.Facebook?.audience).toMatch(/Messenger/);
    expect(facts.WhatsApp?.audienceLimits).toMatch(/all contacts/);
    expect(facts.WhatsApp?.encryption).toMatch(/end-to-end/i);
    expect(facts.WhatsApp?.caveat).toMatch(/unofficial linked device.*decrypted on that device/s);
    // Only the gateway carries a caveat; Meta's official APIs do not.
    expect(PLATFORM_DESCRIPTORS.filter((d) => d.privacy.caveat !== null).map((d) => d.name)).toEqual([
      "WhatsApp",
    ]);
  });
});

describe("privacySections", () => {
  it("adds this install's media origin, store, link lifetime and the workspace's retention", () => {
    const [section] = privacySections(["FACEBOOK"], settings);
    const text = section?.facts.map((f) => `${f.label}: ${f.text}`).join("\n") ?? "";
    expect(section?.title).toBe("Facebook Page Stories");
    expect(text).toContain("https://stories.example.com/media/");
    expect(text).toContain("private S3 bucket");
    expect(text).toContain("Each signed link works for 90 minutes");
    expect(text).toContain("keeps their texts 30 days");
    expect(text).toContain("For how long: 24 hours");
  });

  it("gives one section per platform asked for, in the registry's order, and none for none", () => {
    const platforms = privacySections(["WHATSAPP", "INSTAGRAM", "WHATSAPP"], settings).map((s) => s.platform);
    expect(platforms).toEqual(["INSTAGRAM", "WHATSAPP"]);
    expect(privacySections([], settings)).toEqual([]);
  });

  it("says local storage when the media stays on this server", () => {
    const [section] = privacySections(["INSTAGRAM"], { ...settings, mediaStorage: "local" });
    expect(section?.facts.some((f) => f.text.includes("kept on this server's disk"))).toBe(true);
  });
});

describe("describeSeconds", () => {
  it.each([
    [86_400, "24 hours"],
    [172_800, "2 days"],
    [3_600, "1 hour"],
    [5_400, "90 minutes"],
    [60, "1 minute"],
    [90, "90 seconds"],
  ])("%i s reads %s", (seconds, words) => {
    expect(describeSeconds(seconds)).toBe(words);
  });
});
