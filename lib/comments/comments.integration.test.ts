import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimit } from "@/lib/api-keys/api-rate-limit";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis/client";
import { makeApiKey, makeBrand, makeMember, makeReviewLink, makeWorkspace } from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { expectAppError } from "@/test/assert/expect-app-error";
import { createComment } from "./create-comment";
import { listComments } from "./list-comments";
import { listMentionableMembers } from "./list-mentionable-members";
import { mentionToken } from "./mention-tokens";

const uid = (ctx: { userId: string | null }) => ctx.userId ?? "";

/** A workspace with a client brand, its author (an editor) and members who can and cannot see it. */
async function agency() {
  const { workspace, ctx: owner } = await makeWorkspace(db());
  const client = await makeBrand(db(), workspace.id, { name: "Client" });
  const other = await makeBrand(db(), workspace.id, { name: "Other" });
  const editor = await makeMember(db(), workspace, "EDITOR");
  const approver = await makeMember(db(), workspace, "APPROVER", { brandIds: [client.id] });
  const outsider = await makeMember(db(), workspace, "APPROVER", { brandIds: [other.id] });
  const viewer = await makeMember(db(), workspace, "VIEWER");
  const story = await db().story.create({
    data: { workspaceId: workspace.id, brandId: client.id, authorId: uid(editor), title: "Summer sale" },
  });
  const name = async (ctx: { userId: string | null }) =>
    (await db().user.findUniqueOrThrow({ where: { id: uid(ctx) } })).name;
  return { workspace, client, owner, editor, approver, outsider, viewer, story, name };
}

const noticesOf = (userId: string, workspaceId: string) =>
  db().notification.findMany({ where: { userId, workspaceId }, orderBy: { createdAt: "asc" } });

describe("comments", () => {
  it("mentions notify the mentioned member; the author and earlier participants hear of each comment", async () => {
    const a = await agency();
    const approverToken = mentionToken({ name: await a.name(a.approver), userId: uid(a.approver) });
    const first = await createComment({ db: db() }, a.owner, a.story.id, {
      body: `${approverToken} can you check the logo?`,
    });
    expect(first.mentioned.map((m) => m.userId)).toEqual([uid(a.approver)]);
    expect(first.notNotified).toEqual([]);

    const mention = await noticesOf(uid(a.approver), a.workspace.id);
    expect(mention).toMatchObject([{ kind: "story.mention", brandId: a.client.id }]);
    expect(mention[0]?.body).toContain(`@${await a.name(a.approver)} can you check the logo?`);
    expect(mention[0]?.link).toBe(`/w/${a.workspace.slug}/stories/${a.story.id}#comment-${first.comment.id}`);
    // The author hears of the comment; the commenter does not hear of their own.
    expect(await noticesOf(uid(a.editor), a.workspace.id)).toMatchObject([{ kind: "story.comment" }]);
    expect(await noticesOf(uid(a.owner), a.workspace.id)).toEqual([]);

    // The approver answers: the owner (an earlier participant) and the author hear of it, the approver not.
    await createComment({ db: db() }, a.approver, a.story.id, { body: "Logo is fine." });
    expect((await noticesOf(uid(a.owner), a.workspace.id)).map((n) => n.kind)).toEqual(["story.comment"]);
    expect((await noticesOf(uid(a.editor), a.workspace.id)).map((n) => n.kind)).toEqual([
      "story.comment",
      "story.comment",
    ]);
    expect(await noticesOf(uid(a.approver), a.workspace.id)).toHaveLength(1);

    const listed = await listComments(db(), a.viewer, a.story.id);
    expect(listed.map((c) => c.body)).toEqual([`${approverToken} can you check the logo?`, "Logo is fine."]);
    expect(listed[0]?.author?.id).toBe(uid(a.owner));

    const webhookRows = await db().auditLog.count({
      where: { workspaceId: a.workspace.id, action: "story.comment" },
    });
    expect(webhookRows).toBe(2);
  });

  it("a mention of someone who cannot see the brand tells nobody and is reported", async () => {
    const a = await agency();
    const stranger = { name: "Stranger", userId: "nosuchuser" };
    const outsider = { name: await a.name(a.outsider), userId: uid(a.outsider) };
    const result = await createComment({ db: db() }, a.editor, a.story.id, {
      body: `${mentionToken(outsider)} and ${mentionToken(stranger)}, thoughts?`,
    });
    expect(result.mentioned).toEqual([]);
    expect(result.notNotified).toEqual([outsider, stranger]);
    expect(await db().notification.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
    // The picker never offers them.
    const offered = (await listMentionableMembers(db(), a.editor, a.story.id)).map((m) => m.id);
    expect(offered.sort()).toEqual([uid(a.owner), uid(a.editor), uid(a.approver), uid(a.viewer)].sort());
  });

  it("viewers read but cannot comment; another workspace's or an unseen brand's story is not found", async () => {
    const a = await agency();
    await expectAppError(createComment({ db: db() }, a.viewer, a.story.id, { body: "Hi" }), "FORBIDDEN");
    await expectAppError(createComment({ db: db() }, a.outsider, a.story.id, { body: "Hi" }), "NOT_FOUND");
    await expectAppError(listComments(db(), a.outsider, a.story.id), "NOT_FOUND");
    const foreign = await makeWorkspace(db());
    await expectAppError(createComment({ db: db() }, foreign.ctx, a.story.id, { body: "Hi" }), "NOT_FOUND");
    await expectAppError(listComments(db(), foreign.ctx, a.story.id), "NOT_FOUND");
    await expectAppError(createComment({ db: db() }, a.owner, a.story.id, { body: "   " }), "INVALID_INPUT");
    expect(await db().comment.count({ where: { storyId: a.story.id } })).toBe(0);
  });

  it("shows a client's comment through a review link by the name they gave", async () => {
    const a = await agency();
    const link = await makeReviewLink(db(), a.client);
    await db().comment.create({
      data: {
        workspaceId: a.workspace.id,
        storyId: a.story.id,
        reviewLinkId: link.id,
        authorName: "Carla",
        body: "Please use the blue one.",
      },
    });
    const [comment] = await listComments(db(), a.owner, a.story.id);
    expect(comment).toMatchObject({ author: null, clientName: "Carla", reviewLinkId: link.id });
  });
});

describe("GET/POST /api/v1/stories/{id}/comments", () => {
  let api: ApiTestDeps;
  beforeAll(async () => {
    api = await setUpApiDeps({ rateLimit: createApiRateLimit(redis(), 10_000, `test-api-${randomUUID()}`) });
  });
  afterAll(() => api.close());

  it("comments, emits story.commented and keeps other workspaces out", async () => {
    const a = await agency();
    const key = (await makeApiKey(db(), a.workspace.id, "EDITOR")).key;
    await db().webhook.create({
      data: {
        workspaceId: a.workspace.id,
        url: "https://hooks.example.test/in",
        events: ["story.commented"],
        secretKeyId: "k1",
        secretIv: Buffer.alloc(12),
        secretTag: Buffer.alloc(16),
        secretCiphertext: Buffer.alloc(1),
      },
    });
    const token = mentionToken({ name: await a.name(a.approver), userId: uid(a.approver) });
    const created = await callApi("POST", `/stories/${a.story.id}/comments`, {
      key,
      json: { body: `${token} over to you` },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ body: `${token} over to you`, authorId: null, notNotified: [] });
    expect(await noticesOf(uid(a.approver), a.workspace.id)).toMatchObject([{ kind: "story.mention" }]);
    const event = await db().webhookDelivery.findFirstOrThrow({ where: { workspaceId: a.workspace.id } });
    expect(event.eventType).toBe("story.commented");
    expect(event.payload).toMatchObject({
      data: { story: { id: a.story.id }, comment: { id: created.body.id } },
    });

    const listed = await callApi("GET", `/stories/${a.story.id}/comments`, { key });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toMatchObject([{ id: created.body.id, authorLabel: "Through the API" }]);

    const foreign = await makeWorkspace(db());
    const foreignKey = (await makeApiKey(db(), foreign.workspace.id, "OWNER")).key;
    expect((await callApi("GET", `/stories/${a.story.id}/comments`, { key: foreignKey })).status).toBe(404);
    const refused = await callApi("POST", `/stories/${a.story.id}/comments`, {
      key: foreignKey,
      json: { body: "hi" },
    });
    expect(refused.status).toBe(404);
    const viewerKey = (await makeApiKey(db(), a.workspace.id, "VIEWER")).key;
    expect(
      (await callApi("POST", `/stories/${a.story.id}/comments`, { key: viewerKey, json: { body: "hi" } }))
        .status,
    ).toBe(403);
  });
});
