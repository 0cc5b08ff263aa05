import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis/client";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { makeConversation, makeInboundMessage, makePublishedStory } from "@/test/inbox/inbox-factory";
import { jpeg } from "@/test/media/media-fixtures";
import { addConversationNote } from "./add-conversation-note";
import { assignConversation } from "./assign-conversation";
import { deleteSavedReply } from "./delete-saved-reply";
import { eraseConversation } from "./erase-conversation";
import { exportConversation } from "./export-conversation";
import { getConversation } from "./get-conversation";
import { listConversations } from "./list-conversations";
import { listRepliedStories } from "./list-replied-stories";
import { listSavedReplies } from "./list-saved-replies";
import { listStoryReplies } from "./list-story-replies";
import { markConversationRead } from "./mark-conversation-read";
import { saveSavedReply } from "./save-saved-reply";
import { setConversationStatus } from "./set-conversation-status";
import { updateInboxSettings } from "./update-inbox-settings";

const box = secretBoxFromEnv(env());
const deps = () => ({ db: db(), redis: redis() });
const HOUR = 3_600_000;
const uid = (ctx: { userId: string | null }) => ctx.userId ?? "";

/** An agency with two brands (Instagram and WhatsApp channels on each) and its members. */
async function agency() {
  const { workspace, ctx: owner } = await makeWorkspace(db());
  const acme = await makeBrand(db(), workspace.id, { name: "Acme" });
  const deli = await makeBrand(db(), workspace.id, { name: "Deli" });
  const [acmeIg, acmeWa] = await makeSandboxChannels(db(), box, acme, ["INSTAGRAM", "WHATSAPP"]);
  const [deliIg] = await makeSandboxChannels(db(), box, deli, ["INSTAGRAM"]);
  if (!acmeIg || !acmeWa || !deliIg) throw new Error("channels");
  const editor = await makeMember(db(), workspace, "EDITOR");
  const viewer = await makeMember(db(), workspace, "VIEWER");
  const acmeEditor = await makeMember(db(), workspace, "EDITOR", { brandIds: [acme.id] });
  return { workspace, owner, acme, deli, acmeIg, acmeWa, deliIg, editor, viewer, acmeEditor };
}

describe("the inbox's use cases", () => {
  it("lists conversations latest first with filters, a page at a time, and only the brands a member sees", async () => {
    const a = await agency();
    const now = Date.now();
    const old = await makeConversation(db(), a.acmeIg, {
      lastInboundAt: new Date(now - 30 * HOUR),
      name: "Old",
    });
    const answered = await makeConversation(db(), a.acmeWa, {
      lastInboundAt: new Date(now - 2 * HOUR),
      lastOutboundAt: new Date(now - HOUR),
      name: "Answered",
    });
    const mine = await makeConversation(db(), a.deliIg, {
      lastInboundAt: new Date(now - 10 * 60_000),
      assigneeId: uid(a.editor),
      name: "Mine",
    });
    const done = await makeConversation(db(), a.acmeIg, {
      lastInboundAt: new Date(now - 5 * 60_000),
      status: "DONE",
      name: "Done",
    });

    const all = await listConversations({ db: db() }, a.owner);
    expect(all.conversations.map((c) => c.id)).toEqual([done.id, mine.id, answered.id, old.id]);
    const first = all.conversations[0];
    expect(first).toMatchObject({
      participantName: "Done",
      brand: { name: "Acme" },
      channel: { platform: "INSTAGRAM" },
      unreadCount: 1,
      window: { kind: "open" },
    });
    // The window closes 24 hours after the person's last message; WhatsApp has none.
    if (first?.window.kind !== "open") throw new Error("open window expected");
    expect(first.window.closesAt.getTime()).toBe(now - 5 * 60_000 + 24 * HOUR);
    expect(all.conversations.find((c) => c.id === answered.id)?.window).toEqual({ kind: "always" });
    expect(all.conversations.find((c) => c.id === old.id)?.window.kind).toBe("closed");

    const ids = async (input: Parameters<typeof listConversations>[2], ctx = a.owner) =>
      (await listConversations({ db: db() }, ctx, input)).conversations.map((c) => c.id);
    expect(await ids({ brandId: a.deli.id })).toEqual([mine.id]);
    expect(await ids({ platform: "WHATSAPP" })).toEqual([answered.id]);
    expect(await ids({ unanswered: true })).toEqual([done.id, mine.id, old.id]);
    expect(await ids({ status: "DONE" })).toEqual([done.id]);
    expect(await ids({ status: "OPEN" })).toEqual([mine.id, answered.id, old.id]);
    expect(await ids({ assignedToMe: true }, a.editor)).toEqual([mine.id]);
    expect(await ids({ assignedToMe: true })).toEqual([]);
    // A member limited to Acme sees Acme's conversations, and Deli's brand is not found.
    expect(await ids({}, a.acmeEditor)).toEqual([done.id, answered.id, old.id]);
    await expectAppError(listConversations({ db: db() }, a.acmeEditor, { brandId: a.deli.id }), "NOT_FOUND");

    const pageOne = await listConversations({ db: db() }, a.owner, { limit: 3 });
    expect(pageOne.conversations).toHaveLength(3);
    const pageTwo = await listConversations({ db: db() }, a.owner, {
      limit: 3,
      cursor: pageOne.nextCursor ?? "",
    });
    expect(pageTwo.conversations.map((c) => c.id)).toEqual([old.id]);
    expect(pageTwo.nextCursor).toBeNull();
  });

  it("shows a story reply with its frame, filters by story and lists a story's replies per frame", async () => {
    const a = await agency();
    const asset = await makeMediaAsset(db(), a.workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 3 }),
      mimeType: "image/jpeg",
    });
    const { story, targetFrames } = await makePublishedStory(db(), a.acmeIg, asset, { frameCount: 2 });
    const second = targetFrames[1];
    if (!second) throw new Error("frames");
    const replied = await makeConversation(db(), a.acmeIg, {
      withMessage: { text: "Where can I buy this?", targetFrameId: second.id },
    });
    await makeInboundMessage(db(), replied, { text: "🔥", kind: "STORY_REACTION", targetFrameId: second.id });
    const other = await makeConversation(db(), a.acmeIg);

    const view = await getConversation({ db: db() }, a.viewer, replied.id);
    expect(view.messages).toHaveLength(2);
    expect(view.messages[0]).toMatchObject({
      direction: "INBOUND",
      kind: "STORY_REPLY",
      text: "Where can I buy this?",
      frame: { storyId: story.id, position: 1, thumbnailKey: asset.storageKey },
    });
    expect(view.participant.handle).toBe(replied.participantHandle);

    const byStory = await listConversations({ db: db() }, a.owner, { storyId: story.id });
    expect(byStory.conversations.map((c) => c.id)).toEqual([replied.id]);
    expect(other.id).not.toBe(replied.id);

    expect((await listRepliedStories(db(), a.viewer)).map((s) => s.id)).toEqual([story.id]);
    const deliOnly = await makeMember(db(), a.workspace, "VIEWER", { brandIds: [a.deli.id] });
    expect(await listRepliedStories(db(), deliOnly)).toEqual([]);
    await expectAppError(listStoryReplies(db(), deliOnly, story.id), "NOT_FOUND");

    const perFrame = await listStoryReplies(db(), a.viewer, story.id);
    expect(perFrame.map((f) => [f.position, f.count])).toEqual([
      [0, 0],
      [1, 2],
    ]);
    expect(perFrame[1]?.replies[0]).toMatchObject({ conversationId: replied.id, platform: "INSTAGRAM" });
  });

  it("refuses another workspace's conversation as not found, and roles below editor cannot act", async () => {
    const a = await agency();
    const b = await agency();
    const theirs = await makeConversation(db(), b.acmeIg);
    await expectAppError(getConversation({ db: db() }, a.owner, theirs.id), "NOT_FOUND");
    await expectAppError(markConversationRead(deps(), a.owner, theirs.id), "NOT_FOUND");
    await expectAppError(
      setConversationStatus(deps(), a.owner, { conversationId: theirs.id, status: "DONE" }),
      "NOT_FOUND",
    );
    await expectAppError(
      addConversationNote(deps(), a.owner, { conversationId: theirs.id, body: "x" }),
      "NOT_FOUND",
    );
    await expectAppError(exportConversation(deps(), a.owner, theirs.id), "NOT_FOUND");
    await expectAppError(eraseConversation(deps(), a.owner, theirs.id), "NOT_FOUND");
    // Deli's conversation is not found for a member limited to Acme.
    const deliConversation = await makeConversation(db(), a.deliIg);
    await expectAppError(getConversation({ db: db() }, a.acmeEditor, deliConversation.id), "NOT_FOUND");

    const ours = await makeConversation(db(), a.acmeIg);
    await getConversation({ db: db() }, a.viewer, ours.id);
    await expectAppError(
      assignConversation(deps(), a.viewer, { conversationId: ours.id, assigneeId: uid(a.viewer) }),
      "FORBIDDEN",
    );
    await expectAppError(
      setConversationStatus(deps(), a.viewer, { conversationId: ours.id, status: "DONE" }),
      "FORBIDDEN",
    );
    await expectAppError(
      addConversationNote(deps(), a.viewer, { conversationId: ours.id, body: "x" }),
      "FORBIDDEN",
    );
    await expectAppError(exportConversation(deps(), a.editor, ours.id), "FORBIDDEN");
    await expectAppError(eraseConversation(deps(), a.editor, ours.id), "FORBIDDEN");
    // A client reviewer limited to a brand reads no inbox at all.
    const client = await makeMember(db(), a.workspace, "APPROVER", { brandIds: [a.acme.id] });
    await expectAppError(getConversation({ db: db() }, client, ours.id), "FORBIDDEN");
    expect((await db().conversation.findUniqueOrThrow({ where: { id: ours.id } })).status).toBe("OPEN");
  });

  it("assigns to a member who can answer (and tells them), marks read, closes, reopens and keeps notes", async () => {
    const a = await agency();
    const conversation = await makeConversation(db(), a.acmeIg, { unreadCount: 3, handle: "jo_runs" });
    await expectAppError(
      assignConversation(deps(), a.owner, { conversationId: conversation.id, assigneeId: uid(a.viewer) }),
      "INVALID_INPUT",
    );
    const deliEditor = await makeMember(db(), a.workspace, "EDITOR", { brandIds: [a.deli.id] });
    await expectAppError(
      assignConversation(deps(), a.owner, { conversationId: conversation.id, assigneeId: uid(deliEditor) }),
      "INVALID_INPUT",
    );
    const assigned = await assignConversation(deps(), a.owner, {
      conversationId: conversation.id,
      assigneeId: uid(a.acmeEditor),
    });
    expect(assigned.changed).toBe(true);
    const notices = await db().notification.findMany({
      where: { userId: uid(a.acmeEditor), workspaceId: a.workspace.id },
    });
    expect(notices).toMatchObject([{ kind: "inbox.assigned", brandId: a.acme.id }]);
    expect(notices[0]?.title).toContain("jo_runs");

    expect(await markConversationRead(deps(), a.viewer, conversation.id)).toEqual({ changed: true });
    await setConversationStatus(deps(), a.acmeEditor, { conversationId: conversation.id, status: "DONE" });
    await addConversationNote(deps(), a.acmeEditor, {
      conversationId: conversation.id,
      body: "Sent them the size guide",
    });
    await expectAppError(
      addConversationNote(deps(), a.acmeEditor, { conversationId: conversation.id, body: "  " }),
      "INVALID_INPUT",
    );
    const view = await getConversation({ db: db() }, a.owner, conversation.id);
    expect(view).toMatchObject({ status: "DONE", unreadCount: 0, assignee: { id: uid(a.acmeEditor) } });
    expect(view.notes.map((n) => n.body)).toEqual(["Sent them the size guide"]);
    await setConversationStatus(deps(), a.owner, { conversationId: conversation.id, status: "OPEN" });
    expect((await getConversation({ db: db() }, a.owner, conversation.id)).status).toBe("OPEN");
  });

  it("keeps saved replies per workspace or brand, editors and up", async () => {
    const a = await agency();
    const general = await saveSavedReply(db(), a.editor, { title: "Thanks", body: "Thank you so much!" });
    const acmeOnly = await saveSavedReply(db(), a.editor, {
      title: "Sizes",
      body: "Our size guide: …",
      brandId: a.acme.id,
    });
    await expectAppError(saveSavedReply(db(), a.editor, { title: "Thanks", body: "Again" }), "CONFLICT");
    await expectAppError(saveSavedReply(db(), a.viewer, { title: "Nope", body: "No" }), "FORBIDDEN");
    await expectAppError(
      saveSavedReply(db(), a.editor, { title: "Long", body: "x".repeat(1001) }),
      "INVALID_INPUT",
    );
    await saveSavedReply(db(), a.editor, { id: general.id, title: "Thanks!", body: "Thank you!" });
    expect((await listSavedReplies(db(), a.viewer, { brandId: a.deli.id })).map((r) => r.title)).toEqual([
      "Thanks!",
    ]);
    expect((await listSavedReplies(db(), a.viewer, { brandId: a.acme.id })).map((r) => r.title)).toEqual([
      "Sizes",
      "Thanks!",
    ]);
    await deleteSavedReply(db(), a.editor, acmeOnly.id);
    await expectAppError(deleteSavedReply(db(), a.editor, acmeOnly.id), "NOT_FOUND");
    const other = await agency();
    await expectAppError(deleteSavedReply(db(), other.owner, general.id), "NOT_FOUND");
  });

  it("validates the inbox settings, admins only", async () => {
    const a = await agency();
    await expectAppError(
      updateInboxSettings(db(), a.editor, { messageRetentionDays: 30, humanAgentReplies: true }),
      "FORBIDDEN",
    );
    for (const days of [0, 3651, 1.5]) {
      const error = await expectAppError(
        updateInboxSettings(db(), a.owner, { messageRetentionDays: days, humanAgentReplies: false }),
        "INVALID_INPUT",
      );
      expect(error.details.fields?.messageRetentionDays).toBeTruthy();
    }
    expect(await db().workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).toMatchObject({
      messageRetentionDays: 90,
      humanAgentReplies: false,
    });
    await updateInboxSettings(db(), a.owner, { messageRetentionDays: 30, humanAgentReplies: true });
    expect(await db().workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).toMatchObject({
      messageRetentionDays: 30,
      humanAgentReplies: true,
    });
  });

  it("exports a person's conversation as JSON and erases it, both audited without content", async () => {
    const a = await agency();
    const conversation = await makeConversation(db(), a.acmeIg, {
      withMessage: { text: "My secret address is 1 Main St" },
    });
    await addConversationNote(deps(), a.owner, { conversationId: conversation.id, body: "VIP customer" });

    const exported = await exportConversation(deps(), a.owner, conversation.id);
    expect(exported).toMatchObject({
      conversation: { id: conversation.id, brand: "Acme", platform: "INSTAGRAM" },
      person: { id: conversation.participantId, handle: conversation.participantHandle },
      messages: [{ direction: "INBOUND", text: "My secret address is 1 Main St" }],
      notes: [{ body: "VIP customer" }],
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);

    const erased = await eraseConversation(deps(), a.owner, conversation.id);
    expect(erased).toEqual({ messages: 1, notes: 1 });
    expect(await db().conversation.count({ where: { id: conversation.id } })).toBe(0);
    expect(await db().message.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db().conversationNote.count({ where: { conversationId: conversation.id } })).toBe(0);
    await expectAppError(getConversation({ db: db() }, a.owner, conversation.id), "NOT_FOUND");

    const audit = await db().auditLog.findMany({
      where: { workspaceId: a.workspace.id, entityId: conversation.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((e) => e.action)).toEqual(["conversation.export", "conversation.erase"]);
    expect(JSON.stringify(audit)).not.toContain("Main St");
    expect(JSON.stringify(audit)).not.toContain("VIP");
  });
});
