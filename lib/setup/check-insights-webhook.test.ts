import { describe, expect, it } from "vitest";
import type { WebhookStatus } from "@/lib/insights/webhook-status";
import { checkInsightsWebhook } from "./check-insights-webhook";

const now = new Date("2026-12-05T12:00:00Z");
const never: WebhookStatus = {
  lastVerifiedAt: null,
  lastDeliveryAt: null,
  lastDeliveryStored: null,
  lastRefusedAt: null,
  lastRefusedReason: null,
  refusedCount: 0,
};
const real = {
  PUBLIC_BASE_URL: "https://relay.example.com",
  META_APP_SECRET: "s",
  META_WEBHOOK_VERIFY_TOKEN: "verify-token",
};

describe("checkInsightsWebhook", () => {
  it("shows the callback URL and the field to subscribe in every state", () => {
    const check = checkInsightsWebhook(real, never, now);
    expect(check.title).toBe("Meta webhook: story insights and replies");
    expect(check.copy).toEqual([
      { label: "Callback URL", value: "https://relay.example.com/api/webhooks/meta" },
      {
        label: "Fields to subscribe (Instagram object)",
        value: "story_insights, messages, message_reactions",
      },
      { label: "Fields to subscribe (Page object)", value: "messages, message_reactions, message_echoes" },
    ]);
  });

  it("skips without app secrets: only the simulators deliver then", () => {
    const check = checkInsightsWebhook({ PUBLIC_BASE_URL: "http://localhost:3000" }, never, now);
    expect(check.status).toBe("skip");
    expect(check.detail).toContain("simulators");
    expect(check.detail).toContain("META_WEBHOOK_VERIFY_TOKEN is not set");
  });

  it("warns when an app secret is set but no verify token, naming the variable", () => {
    const check = checkInsightsWebhook({ ...real, META_WEBHOOK_VERIFY_TOKEN: undefined }, never, now);
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("META_WEBHOOK_VERIFY_TOKEN is not set");
    expect(check.fix).toContain("story_insights");
  });

  it("warns until Meta calls, passes once it verified and delivered, with the times in UTC", () => {
    expect(checkInsightsWebhook(real, never, now).status).toBe("warn");
    const delivered = checkInsightsWebhook(
      { ...real, INSTAGRAM_APP_SECRET: "t" },
      {
        ...never,
        lastVerifiedAt: new Date("2026-12-01T08:00:00Z"),
        lastDeliveryAt: new Date("2026-12-05T11:00:00Z"),
        lastDeliveryStored: 3,
      },
      now,
    );
    expect(delivered.status).toBe("pass");
    expect(delivered.detail).toContain("META_APP_SECRET and INSTAGRAM_APP_SECRET are set");
    expect(delivered.detail).toContain("3 new final readings stored");
    expect(delivered.detail).toContain("(UTC)");
  });

  it("warns with the reason when the last request was refused", () => {
    const check = checkInsightsWebhook(
      real,
      {
        ...never,
        lastDeliveryAt: new Date("2026-12-05T10:00:00Z"),
        lastRefusedAt: new Date("2026-12-05T11:00:00Z"),
        lastRefusedReason: "A delivery's X-Hub-Signature-256 matched none of the app secrets set here.",
      },
      now,
    );
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("matched none of the app secrets");
  });
});
