import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jpeg } from "@/test/media/media-fixtures";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";
import {
  DAY,
  type Json,
  startTestSimulator,
  type TestSimulator,
  waitFor,
} from "@/test/simulators/sim-client";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/simulators/webhook-receiver";

// The phone page's reply forms: plain HTML form posts that act as a sandbox person and come back
// with the outcome, and each phone's list of the messages the brand sent.

let sim: TestSimulator;
let media: MediaServer;
let receiver: WebhookReceiver;
let account: Json;
let storyId: string;

beforeAll(async () => {
  sim = await startTestSimulator({ instagram: { imageProcessingMs: 0 }, webhooks: { retryDelaysMs: [] } });
  media = await startMediaServer();
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await sim.close();
  await media.close();
  await receiver.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  receiver.received.length = 0;
  account = await sim.createAccount({
    platform: "instagram",
    id: "1784000000000001",
    name: "sandbox_bakery",
  });
  const url = media.serve("/story.jpg", jpeg({ seed: 7 }), "image/jpeg");
  const ig = (path: string, params: Record<string, string>) =>
    sim.graph("instagram", "POST", path, params, { token: account.token });
  const container = await ig(`${account.id}/media`, { media_type: "STORIES", image_url: url });
  storyId = (await ig(`${account.id}/media_publish`, { creation_id: container.body.id })).body.id;
});

const phone = `/?platform=instagram&account=1784000000000001`;

/** Posts a phone form as a browser would (urlencoded), without following the redirect. */
async function post(fields: Record<string, string>) {
  const response = await fetch(`${sim.base}/_sim/phone/messages`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      return_platform: "instagram",
      return_account: account.id,
      ...fields,
    }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  const location = response.headers.get("location") ?? "";
  const back = new URL(location, sim.base);
  return {
    location,
    notice: back.searchParams.get("notice"),
    tone: back.searchParams.get("tone"),
    page: await sim.raw(location),
  };
}

const reply = (extra: Record<string, string> = {}) => ({
  platform: "instagram",
  accountId: account.id,
  storyId,
  name: "Sandbox Viewer",
  ...extra,
});

describe("phone page reply forms", () => {
  it("shows a labelled reply form under each live story and a mention button", async () => {
    const page = (await sim.raw(phone)).body as string;
    expect(page).toContain('aria-label="Reply to @sandbox_bakery"');
    expect(page).toContain(`name="storyId" value="${storyId}"`);
    expect(page).toContain('value="Sandbox Viewer"');
    expect(page).toMatch(/<label for="(name-instagram-[^"]+)">Your name<\/label><input id="\1" name="name"/);
    expect(page).toContain(">Send reply</button>");
    expect(page).toContain(">React ❤️</button>");
    expect(page).toContain(">Mention in my story</button>");
    expect(page).toContain('aria-label="Messages from the brand"');
  });

  it("sends a reply and a reaction, delivered to StoryRelay, and says so on the page", async () => {
    await sim.control("POST", "webhooks", {
      callbackUrl: `${receiver.base}/meta`,
      verifyToken: receiver.verifyToken,
    });
    const sent = await post(reply({ kind: "story_reply", text: "Is there a vegan one?", name: "Vera" }));
    expect(sent.location.startsWith(`/?platform=instagram&account=${account.id}&`)).toBe(true);
    expect(sent.location.endsWith(`#instagram-${account.id}`)).toBe(true);
    expect(sent.tone).toBe("ok");
    expect(sent.notice).toBe("Sent — delivered to StoryRelay (reply from Vera)");
    expect(sent.page.body).toContain('role="status"');
    expect(sent.page.body).toContain("Sent — delivered to StoryRelay");
    const reacted = await post(reply({ kind: "story_reaction", text: "" }));
    expect(reacted.notice).toMatch(/^Sent — delivered to StoryRelay/);
    const mentioned = await post({
      platform: "instagram",
      accountId: account.id,
      kind: "story_mention",
      name: "Vera",
    });
    expect(mentioned.notice).toMatch(/^Sent — delivered to StoryRelay \(mention from Vera\)/);

    const bodies = await waitFor(
      async () =>
        receiver.received.length >= 3 ? receiver.received.map((r) => JSON.parse(r.body)) : undefined,
      5_000,
      "three deliveries",
    );
    const events = bodies.map((b) => b.entry[0].messaging[0].message);
    expect(events[0]).toMatchObject({ text: "Is there a vegan one?", reply_to: { story: { id: storyId } } });
    expect(events[1]).toMatchObject({ text: "❤️", reply_to: { story: { id: storyId } } });
    expect(events[2].attachments[0].type).toBe("story_mention");
    // Vera is one person: the reply and the mention come from the same id.
    expect(bodies[0].entry[0].messaging[0].sender.id).toBe(bodies[2].entry[0].messaging[0].sender.id);
  });

  it("explains refusals: no text, no subscription, an expired story", async () => {
    const empty = await post(reply({ kind: "story_reply", text: "  " }));
    expect(empty.tone).toBe("error");
    expect(empty.notice).toBe("Not sent: text is required for kind story_reply");
    const unsubscribed = await post(reply({ kind: "story_reply", text: "hello" }));
    expect(unsubscribed.tone).toBe("ok");
    expect(unsubscribed.notice).toBe(
      "Reply sent, but not delivered: no webhook is subscribed to these messages",
    );
    await sim.advance(DAY);
    const expired = await post(reply({ kind: "story_reply", text: "late" }));
    expect(expired.tone).toBe("error");
    expect(expired.notice).toBe(`Not sent: story ${storyId} has expired: only live stories can be answered`);
    expect(expired.page.body).toContain("Not sent: story");
  });

  it("lists the brand's messages on the phone, newest first, escaped", async () => {
    await post(reply({ kind: "story_reply", text: "q", name: "<b>Eve</b>" }));
    const person = (
      await sim.control("POST", "viewers/messages", {
        platform: "instagram",
        accountId: account.id,
        kind: "text",
        text: "again",
        viewer: { name: "<b>Eve</b>" },
      })
    ).body.viewer;
    for (const text of ["First answer", "Second <answer>"]) {
      const sent = await sim.graph(
        "instagram",
        "POST",
        `${account.id}/messages`,
        { recipient: JSON.stringify({ id: person.id }), message: JSON.stringify({ text }) },
        { token: account.token },
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    }
    const page = (await sim.raw(phone)).body as string;
    const second = page.indexOf("Second &#60;answer&#62;");
    const first = page.indexOf("First answer");
    expect(second).toBeGreaterThan(-1);
    expect(first).toBeGreaterThan(second);
    expect(page).toContain("To &#60;b&#62;Eve&#60;/b&#62;");
    expect(page).not.toContain("<b>Eve</b>");
  });
});
