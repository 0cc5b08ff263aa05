import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { noteWebhookEvent } from "@/lib/insights/webhook-status";
import { makeWorkspace } from "@/prisma/factories";
import { runSetupChecks } from "./run-setup-checks";

// Settings → Setup shows what the Meta webhook endpoint last saw, read from the database.
describe("the setup doctor's story insights webhook check", () => {
  it("names the callback URL and field, and the last delivery the endpoint noted", async () => {
    const { ctx } = await makeWorkspace(db());
    // Far in the future, so a refusal noted meanwhile by another test file is older than it.
    const at = new Date("2099-01-02T03:04:05Z");
    await noteWebhookEvent({ db: db() }, { kind: "verified", at });
    await noteWebhookEvent({ db: db() }, { kind: "delivered", at, stored: 4 });
    const checks = await runSetupChecks(
      {
        db: db(),
        box: secretBoxFromEnv(env()),
        config: {
          PUBLIC_BASE_URL: "https://8.8.8.8",
          GRAPH_API_VERSION: "v25.0",
          // Nothing listens there: the Meta app check fails fast, and is not this test's.
          META_GRAPH_URL: "http://127.0.0.1:9",
          SIMULATOR_URL: "http://127.0.0.1:9",
          INSTAGRAM_APP_SECRET: "instagram-secret",
          META_WEBHOOK_VERIFY_TOKEN: "verify-token",
        },
        now: new Date("2099-01-02T04:00:00Z"),
        resolveHost: async () => ["8.8.8.8"],
        timeoutMs: 1_000,
      },
      ctx,
    );
    const check = checks.find((c) => c.id === "insights-webhook");
    expect(check).toMatchObject({ status: "pass", title: "Meta webhook: story insights and replies" });
    expect(check?.copy).toEqual([
      { label: "Callback URL", value: "https://8.8.8.8/api/webhooks/meta" },
      {
        label: "Fields to subscribe (Instagram object)",
        value: "story_insights, messages, message_reactions",
      },
      { label: "Fields to subscribe (Page object)", value: "messages, message_reactions, message_echoes" },
    ]);
    expect(check?.detail).toContain("INSTAGRAM_APP_SECRET are set");
    expect(check?.detail).toContain("4 new final readings stored");
    expect(check?.detail).toContain("(UTC)");
  });
});
