import { describe, expect, it } from "vitest";
import { InboundFormatError } from "./inbound-contract";
import { inboundAdapterClaiming, inboundAdapterFor } from "./inbound-registry";
import { carriesMessaging } from "./meta-inbound";

const ig = inboundAdapterFor("INSTAGRAM");
const wa = inboundAdapterFor("WHATSAPP");
const T = 1_764_979_200_000;

const meta = (object: string, events: unknown[]) => ({
  object,
  entry: [{ id: "17841400000000001", time: T, messaging: events }],
});
const from = { sender: { id: "900001" }, recipient: { id: "17841400000000001" }, timestamp: T };

describe("Meta's messaging envelope", () => {
  it("routes by object: instagram to Instagram, page to Facebook, others to nobody", () => {
    expect(inboundAdapterClaiming("meta", { object: "instagram" })?.platform).toBe("INSTAGRAM");
    expect(inboundAdapterClaiming("meta", { object: "page" })?.platform).toBe("FACEBOOK");
    expect(inboundAdapterClaiming("meta", { object: "whatsapp_business_account" })).toBeUndefined();
    expect(inboundAdapterClaiming("waha", { object: "page" })).toBeUndefined();
  });

  it("reads a story reply, an emoji-only story reply as a reaction, a mention, text, media and an echo", () => {
    const { events, skipped } = ig.parse(
      meta("instagram", [
        {
          ...from,
          message: { mid: "m1", text: "Love it", reply_to: { story: { id: "1790001", url: "u" } } },
        },
        { ...from, message: { mid: "m2", text: "🔥", reply_to: { story: { id: "1790001", url: "u" } } } },
        {
          ...from,
          message: { mid: "m3", attachments: [{ type: "story_mention", payload: { url: "https://cdn/x" } }] },
        },
        { ...from, message: { mid: "m4", text: "hello" } },
        {
          ...from,
          message: { mid: "m5", attachments: [{ type: "image", payload: { url: "https://cdn/i" } }] },
        },
        {
          sender: { id: "17841400000000001" },
          recipient: { id: "900001" },
          timestamp: T,
          message: { mid: "m6", text: "Thanks!", is_echo: true },
        },
      ]),
    );
    expect(skipped).toEqual([]);
    expect(events.map((e) => [e.externalId, e.kind, e.direction, e.personId, e.story?.externalId])).toEqual([
      ["m1", "STORY_REPLY", "INBOUND", "900001", "1790001"],
      ["m2", "STORY_REACTION", "INBOUND", "900001", "1790001"],
      ["m3", "STORY_MENTION", "INBOUND", "900001", undefined],
      ["m4", "TEXT", "INBOUND", "900001", undefined],
      ["m5", "MEDIA", "INBOUND", "900001", undefined],
      ["m6", "TEXT", "OUTBOUND", "900001", undefined],
    ]);
    expect(events[2]?.attachment).toEqual({ url: "https://cdn/x", type: "story_mention" });
    expect(events[0]?.sentAt).toEqual(new Date(T));
    expect(events[0]?.accountId).toBe("17841400000000001");
  });

  it("gives a reaction a stable id from what it carries, and skips a removed one and receipts", () => {
    const body = meta("page", [
      { ...from, reaction: { mid: "m9", action: "react", reaction: "love", emoji: "❤️" } },
      { ...from, reaction: { mid: "m9", action: "unreact" } },
      { ...from, read: { watermark: T } },
    ]);
    const first = inboundAdapterFor("FACEBOOK").parse(body);
    const again = inboundAdapterFor("FACEBOOK").parse(JSON.parse(JSON.stringify(body)));
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({
      kind: "REACTION",
      text: "❤️",
      externalId: `reaction:m9:900001:react:${T}`,
    });
    expect(again.events[0]?.externalId).toBe(first.events[0]?.externalId);
    expect(first.skipped).toHaveLength(2);
  });

  it("tells messaging deliveries from field changes and from anything else", () => {
    expect(carriesMessaging(meta("instagram", [from]))).toBe(true);
    expect(carriesMessaging(meta("instagram", []))).toBe(false);
    expect(carriesMessaging({ object: "instagram", entry: [{ id: "1", time: T, changes: [] }] })).toBe(false);
    expect(carriesMessaging(null)).toBe(false);
    expect(carriesMessaging("text")).toBe(false);
  });

  it("throws a format error for a body that is not the envelope", () => {
    expect(() => ig.parse({ entry: "nope" })).toThrow(InboundFormatError);
  });
});

describe("WAHA's events", () => {
  const envelope = (event: string, payload: unknown) => ({
    id: "evt_1",
    timestamp: T,
    event,
    session: "sandbox-abc",
    me: { id: "4915100000000@c.us" },
    payload,
    engine: "WEBJS",
  });

  it("reads a status quote as a possible story, with the sender's name, and an echo from message.any", () => {
    const quoted = wa.parse(
      envelope("message", {
        id: "false_4917600000001@c.us_AAA",
        timestamp: T / 1000,
        from: "4917600000001@c.us",
        fromMe: false,
        to: "4915100000000@c.us",
        body: "Nice status",
        hasMedia: false,
        replyTo: { id: "STATUS1" },
        _data: { notifyName: "Mia" },
      }),
    );
    expect(quoted.events[0]).toMatchObject({
      accountId: "sandbox-abc",
      personId: "4917600000001@c.us",
      kind: "TEXT",
      story: { externalId: "STATUS1", certain: false },
      personName: "Mia",
      sentAt: new Date(T),
    });
    const echo = wa.parse(
      envelope("message.any", {
        id: "true_4917600000001@c.us_BBB",
        timestamp: T / 1000,
        from: "4915100000000@c.us",
        fromMe: true,
        to: "4917600000001@c.us",
        body: "Thanks",
      }),
    );
    expect(echo.events[0]).toMatchObject({ direction: "OUTBOUND", personId: "4917600000001@c.us" });
  });

  it("reads a reaction, skips a removed reaction and other events", () => {
    const reaction = wa.parse(
      envelope("message.reaction", {
        id: "false_4917600000001@c.us_R1",
        from: "4917600000001@c.us",
        fromMe: false,
        timestamp: T / 1000,
        reaction: { text: "👍", messageId: "STATUS1" },
      }),
    );
    expect(reaction.events[0]).toMatchObject({
      kind: "REACTION",
      text: "👍",
      externalId: "false_4917600000001@c.us_R1",
    });
    const removed = wa.parse(
      envelope("message.reaction", {
        from: "4917600000001@c.us",
        fromMe: false,
        timestamp: T / 1000,
        reaction: { text: "", messageId: "STATUS1" },
      }),
    );
    expect(removed).toEqual({ events: [], skipped: ["a removed reaction"] });
    expect(wa.parse(envelope("session.status", {})).events).toEqual([]);
  });
});
