import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { markConversationRead } from "@/lib/inbox/mark-conversation-read";
import { redis } from "@/lib/redis/client";
import { makeBrand, makeMember, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { makeConversation } from "@/test/inbox/inbox-factory";
import { inboxEventStream } from "./inbox-sse";

const box = secretBoxFromEnv(env());

/** Reads the stream's text as it arrives, so a test can wait for a line. */
function reader(stream: ReadableStream<Uint8Array>) {
  const r = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  async function until(pattern: RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(text)}`);
      const chunk = await Promise.race([
        r.read(),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left)),
      ]);
      if (chunk === "timeout") continue;
      if (chunk.done) throw new Error(`stream ended waiting for ${pattern}; got ${JSON.stringify(text)}`);
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  }
  return { until, text: () => text, release: () => r.releaseLock() };
}

describe("the inbox's live stream", () => {
  it("delivers events of brands the member sees, not of others, with heartbeats, and ends on abort", async () => {
    const { workspace, ctx: owner } = await makeWorkspace(db());
    const acme = await makeBrand(db(), workspace.id);
    const deli = await makeBrand(db(), workspace.id);
    const [acmeIg] = await makeSandboxChannels(db(), box, acme, ["INSTAGRAM"]);
    const [deliIg] = await makeSandboxChannels(db(), box, deli, ["INSTAGRAM"]);
    if (!acmeIg || !deliIg) throw new Error("channels");
    const acmeOnly = await makeMember(db(), workspace, "VIEWER", { brandIds: [acme.id] });
    const hidden = await makeConversation(db(), deliIg, { unreadCount: 2 });
    const visible = await makeConversation(db(), acmeIg, { unreadCount: 2 });

    const abort = new AbortController();
    const stream = reader(
      await inboxEventStream({
        redisUrl: env().REDIS_URL,
        ctx: acmeOnly,
        signal: abort.signal,
        heartbeatMs: 50,
      }),
    );
    await stream.until(/: connected/);
    // Deli's change first: if it were delivered it would arrive before Acme's.
    await markConversationRead({ db: db(), redis: redis() }, owner, hidden.id);
    await markConversationRead({ db: db(), redis: redis() }, owner, visible.id);
    const text = await stream.until(/event: inbox/);
    await stream.until(/: ping/);
    const events = [...text.matchAll(/event: inbox\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1] ?? "{}"));
    expect(events).toEqual([{ type: "conversation", conversationId: visible.id, brandId: acme.id }]);
    expect(stream.text()).not.toContain(hidden.id);

    abort.abort();
    await expect(stream.until(/never/, 2_000)).rejects.toThrow(/stream ended/);
  });

  it("refuses a client reviewer", async () => {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [brand.id] });
    await expectAppError(
      inboxEventStream({ redisUrl: env().REDIS_URL, ctx: client, signal: new AbortController().signal }),
      "FORBIDDEN",
    );
  });
});
