import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { ApprovalPolicy } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeTeamApproval,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { commentThroughReviewLink } from "./comment-through-review-link";
import { createReviewLink } from "./create-review-link";
import { decideThroughReviewLink, STALE_VERSION_MESSAGE } from "./decide-through-review-link";
import { getReviewMedia } from "./get-review-media";
import { getReviewPage } from "./get-review-page";
import { listReviewLinks } from "./list-review-links";
import {
  EXPIRED_LINK_MESSAGE,
  INVALID_LINK_MESSAGE,
  openReviewLink,
  REVOKED_LINK_MESSAGE,
} from "./open-review-link";
import { createReviewRateLimit } from "./review-rate-limit";
import type { ClientRequest } from "./review-request";
import { revokeReviewLink } from "./revoke-review-link";

// Client review links end to end through the use cases, on the real database and Redis: what a
// link shows, what a client can do through it, and everything it must not reach.

const authSecret = env().AUTH_SECRET;
const client: ClientRequest = { ip: "203.0.113.7", userAgent: "ClientBrowser/1.0" };
const who = { name: "Carla Client", email: "carla@client.example" };

describe("client review links", () => {
  let queues: PublishQueues;
  const logger = createLogger("review-links-test", "silent");
  const prefix = `test-review-${randomUUID()}`;
  // Generous budgets, under this file's own keys: only the rate-limit test spends them.
  const rateLimit = createReviewRateLimit(redis(), { keyPrefix: prefix, perLink: 1000, perIp: 1000 });
  const deps = () => ({ db: db(), queues, logger, authSecret, rateLimit, scheduleHorizonDays: 36500 });

  beforeAll(() => {
    // Nothing consumes this prefix: a scheduled story's dispatch job stays there to be seen.
    queues = createPublishQueues(env().REDIS_URL, prefix);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  async function brandOf(ctx: WorkspaceContext, approvalPolicy: ApprovalPolicy = "TEAM_AND_CLIENT") {
    const brand = await makeBrand(db(), ctx.workspaceId, {
      timeZone: "America/New_York",
      approvalPolicy,
    });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, [
      "INSTAGRAM",
      "WHATSAPP",
    ]);
    return { brand, channels };
  }

  async function story(ctx: WorkspaceContext, b: Awaited<ReturnType<typeof brandOf>>, local: string) {
    const asset = await makeMediaAsset(db(), ctx.workspaceId, {
      kind: "IMAGE",
      bytes: jpeg({ seed: Math.floor(Math.random() * 1e9) }),
      mimeType: "image/jpeg",
    });
    return scheduleStory(deps(), ctx, {
      brandId: b.brand.id,
      channelIds: b.channels.map((c) => c.id),
      frames: [asset.id],
      when: { local },
    });
  }

  /** A workspace with an editor, a TEAM_AND_CLIENT brand and three stories on 2090-03-10..12, team-approved. */
  async function setup() {
    const { workspace, ctx, ownerId } = await makeWorkspace(db());
    const editor = await makeMember(db(), workspace, "EDITOR");
    const b = await brandOf(ctx);
    const stories = [];
    for (const day of ["10", "11", "12"]) {
      const s = await story(editor, b, `2090-03-${day}T09:00`);
      expect(s.status).toBe("IN_REVIEW");
      await makeTeamApproval(db(), s, ownerId);
      stories.push(s);
    }
    return { workspace, ctx, ownerId, editor, ...b, stories };
  }

  const audits = (workspaceId: string, action: string) =>
    db().auditLog.findMany({ where: { workspaceId, action }, orderBy: { createdAt: "asc" } });

  it("a date range shows the brand's stories of those days in its zone; the client approves, requests changes and comments, each audited", async () => {
    const s = await setup();
    // Outside the range (the 13th), another brand's story on the 11th, and a draft on the 11th.
    await story(s.editor, s, "2090-03-13T09:00");
    const other = await brandOf(s.ctx);
    const otherStory = await story(s.editor, other, "2090-03-11T09:00");
    const draft = await story(s.editor, s, "2090-03-11T10:00");
    await db().story.update({ where: { id: draft.id }, data: { status: "DRAFT" } });

    const { link, token } = await createReviewLink(deps(), s.editor, s.brand.id, {
      from: "2090-03-10",
      to: "2090-03-12",
    });
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const page = await getReviewPage(deps(), token, client);
    expect(page.brand.name).toBe(s.brand.name);
    expect(page.clientDecides).toBe(true);
    expect(page.stories.map((x) => x.id)).toEqual(s.stories.map((x) => x.id));
    expect(page.stories[0]?.frames).toHaveLength(1);
    expect(page.stories[0]?.targets.map((t) => t.channel.platform)).toEqual(["INSTAGRAM", "WHATSAPP"]);

    const [first, second, third] = s.stories as [
      (typeof s.stories)[0],
      (typeof s.stories)[0],
      (typeof s.stories)[0],
    ];
    // Approve: the team approved already, so the story is scheduled and its dispatch job added.
    const approved = await decideThroughReviewLink(
      deps(),
      token,
      first.id,
      { ...who, version: first.version, decision: "APPROVED" },
      client,
    );
    expect(approved.story.status).toBe("SCHEDULED");
    expect(approved.waitingFor).toBeNull();
    expect(
      await queues.dispatch.getJob(
        dispatchJobId({ storyId: first.id, workspaceId: s.workspace.id, version: first.version }),
      ),
    ).toBeDefined();
    const row = await db().approval.findFirstOrThrow({ where: { storyId: first.id, reviewLinkId: link.id } });
    expect(row).toMatchObject({ reviewerId: null, reviewerName: who.name, reviewerEmail: who.email });

    // Request changes: a comment is required; the story stays in review, unqueued.
    await expectAppError(
      decideThroughReviewLink(
        deps(),
        token,
        second.id,
        { ...who, version: 1, decision: "CHANGES_REQUESTED" },
        client,
      ),
      "INVALID_INPUT",
    );
    const changes = await decideThroughReviewLink(
      deps(),
      token,
      second.id,
      { ...who, version: second.version, decision: "CHANGES_REQUESTED", comment: "Use the blue logo" },
      client,
    );
    expect(changes.story.status).toBe("IN_REVIEW");

    // A name is required; a stale version says to reload.
    await expectAppError(
      decideThroughReviewLink(
        deps(),
        token,
        third.id,
        { name: " ", version: 1, decision: "APPROVED" },
        client,
      ),
      "INVALID_INPUT",
    );
    await db().story.update({ where: { id: third.id }, data: { version: { increment: 1 } } });
    const stale = await expectAppError(
      decideThroughReviewLink(
        deps(),
        token,
        third.id,
        { ...who, version: third.version, decision: "APPROVED" },
        client,
      ),
      "CONFLICT",
    );
    expect(stale.message).toBe(STALE_VERSION_MESSAGE);

    // Comment: a Comment row with the link and the name, no author account.
    const comment = await commentThroughReviewLink(
      deps(),
      token,
      third.id,
      { ...who, body: "Love this one" },
      client,
    );
    expect(comment).toMatchObject({ authorId: null, authorName: who.name, reviewLinkId: link.id });
    // The story's author hears of it, linked to the comment.
    const notices = await db().notification.findMany({
      where: { workspaceId: s.workspace.id, kind: "story.comment" },
    });
    expect(notices.map((n) => [n.userId, n.title, n.link])).toEqual([
      [
        s.editor.userId,
        `${who.name} (client) commented on a story`,
        `/w/${s.workspace.slug}/stories/${third.id}#comment-${comment.id}`,
      ],
    ]);

    // Every action audited with the link, the name, IP and user agent, and no member as actor.
    for (const action of ["story.approve", "story.request_changes", "story.client_comment"]) {
      const [entry] = await audits(s.workspace.id, action);
      expect(entry?.actorUserId).toBeNull();
      expect(entry?.data).toMatchObject({
        reviewLinkId: link.id,
        name: who.name,
        ip: client.ip,
        userAgent: client.userAgent,
      });
    }
    expect(await audits(s.workspace.id, "review_link.create")).toHaveLength(1);

    // Another brand's story, and a story outside the range, are "not found" through the link.
    for (const id of [otherStory.id, "no-such-story"]) {
      await expectAppError(
        decideThroughReviewLink(deps(), token, id, { ...who, version: 1, decision: "APPROVED" }, client),
        "NOT_FOUND",
      );
      await expectAppError(
        commentThroughReviewLink(deps(), token, id, { ...who, body: "hi" }, client),
        "NOT_FOUND",
      );
    }

    // The brand's list: active, used, two decisions and a comment, the URL token again.
    const [listed] = await listReviewLinks(deps(), s.editor, s.brand.id);
    expect(listed).toMatchObject({ id: link.id, status: "active", decisions: 2, comments: 1, token });
    expect(listed?.lastUsedAt).not.toBeNull();
  });

  it("a range's days are the brand's: midnight to midnight in its zone, the end day included", async () => {
    const { ctx } = await makeWorkspace(db());
    const b = await brandOf(ctx);
    const inside = [await story(ctx, b, "2090-06-01T00:00"), await story(ctx, b, "2090-06-01T23:59")];
    await story(ctx, b, "2090-05-31T23:59");
    await story(ctx, b, "2090-06-02T00:00");
    const { link, token } = await createReviewLink(deps(), ctx, b.brand.id, {
      from: "2090-06-01",
      to: "2090-06-01",
    });
    // New York in June is UTC-4.
    expect(link.startsAt?.toISOString()).toBe("2090-06-01T04:00:00.000Z");
    expect(link.endsAt?.toISOString()).toBe("2090-06-02T04:00:00.000Z");
    expect((await getReviewPage(deps(), token, client)).stories.map((x) => x.id)).toEqual(
      inside.map((x) => x.id),
    );
    await expectAppError(
      createReviewLink(deps(), ctx, b.brand.id, { from: "2090-06-02", to: "2090-06-01" }),
      "INVALID_INPUT",
    );
  });

  it("a selection shows only its stories; another brand's or workspace's story cannot be selected", async () => {
    const s = await setup();
    const [first, , third] = s.stories;
    const { token } = await createReviewLink(deps(), s.editor, s.brand.id, {
      storyIds: [first?.id ?? "", third?.id ?? ""],
      expiresInDays: 1,
    });
    const page = await getReviewPage(deps(), token, client);
    expect(page.stories.map((x) => x.id)).toEqual([first?.id, third?.id]);
    await expectAppError(
      decideThroughReviewLink(
        deps(),
        token,
        s.stories[1]?.id ?? "",
        { ...who, version: 1, decision: "APPROVED" },
        client,
      ),
      "NOT_FOUND",
    );

    const other = await brandOf(s.ctx);
    const otherStory = await story(s.editor, other, "2090-03-11T09:00");
    await expectAppError(
      createReviewLink(deps(), s.editor, s.brand.id, { storyIds: [otherStory.id] }),
      "NOT_FOUND",
    );
    const foreign = await makeWorkspace(db());
    await expectAppError(
      createReviewLink(deps(), foreign.ctx, s.brand.id, { from: "2090-03-10", to: "2090-03-12" }),
      "NOT_FOUND",
    );
    // Bounds of the choices: 1 to 30 days, a range or a selection.
    await expectAppError(
      createReviewLink(deps(), s.editor, s.brand.id, {
        from: "2090-03-10",
        to: "2090-03-12",
        expiresInDays: 31,
      }),
      "INVALID_INPUT",
    );
    await expectAppError(createReviewLink(deps(), s.editor, s.brand.id, {}), "INVALID_INPUT");
    // Sharing is an editor's job: an approver cannot make links.
    const approver = await makeMember(db(), s.workspace, "APPROVER");
    await expectAppError(
      createReviewLink(deps(), approver, s.brand.id, { from: "2090-03-10", to: "2090-03-12" }),
      "FORBIDDEN",
    );
  });

  it("a forged or altered token is refused before any database read; revoked and expired links are refused", async () => {
    const s = await setup();
    const { link, token } = await createReviewLink(deps(), s.editor, s.brand.id, {
      from: "2090-03-10",
      to: "2090-03-12",
    });
    const [id, exp, sig] = token.split(".") as [string, string, string];
    // A database that fails on any use: the refusals below never reach it.
    const untouchable = new Proxy(
      {},
      {
        get() {
          throw new Error("the database was read for a forged token");
        },
      },
    ) as ReturnType<typeof db>;
    const flipped = `${sig.slice(0, -2)}${sig.endsWith("AA") ? "BA" : "AA"}`;
    for (const forged of [
      `${id}.${exp}.${flipped}`,
      `${id}.${Number(exp) + 86_400}.${sig}`,
      `${id.slice(0, -1)}${id.endsWith("x") ? "y" : "x"}.${exp}.${sig}`,
      "garbage",
      "",
    ]) {
      const error = await expectAppError(
        openReviewLink({ db: untouchable, authSecret }, forged),
        "NOT_FOUND",
      );
      expect(error.message).toBe(INVALID_LINK_MESSAGE);
    }
    // A token signed with another secret is forged too.
    await expectAppError(
      openReviewLink({ db: untouchable, authSecret: `${authSecret}-other` }, token),
      "NOT_FOUND",
    );

    // Expired: the same link a week and a day later.
    const later = () => new Date(link.expiresAt.getTime() + 1000);
    const expired = await expectAppError(
      getReviewPage({ ...deps(), now: later }, token, client),
      "NOT_FOUND",
    );
    expect(expired.message).toBe(EXPIRED_LINK_MESSAGE);

    // Revoked: by an editor of the workspace; another workspace cannot even find it.
    const foreign = await makeWorkspace(db());
    await expectAppError(revokeReviewLink(deps(), foreign.ctx, link.id), "NOT_FOUND");
    await revokeReviewLink(deps(), s.editor, link.id);
    for (const attempt of [
      getReviewPage(deps(), token, client),
      decideThroughReviewLink(
        deps(),
        token,
        s.stories[0]?.id ?? "",
        { ...who, version: 1, decision: "APPROVED" },
        client,
      ),
      commentThroughReviewLink(deps(), token, s.stories[0]?.id ?? "", { ...who, body: "hi" }, client),
    ]) {
      const error = await expectAppError(attempt, "NOT_FOUND");
      expect(error.message).toBe(REVOKED_LINK_MESSAGE);
    }
    expect(await audits(s.workspace.id, "review_link.revoke")).toHaveLength(1);
    const [listed] = await listReviewLinks(deps(), s.editor, s.brand.id);
    expect(listed).toMatchObject({ status: "revoked", token: null });
  });

  it("media: a frame of the link's stories is served; media outside the link, of the same workspace, is not", async () => {
    const s = await setup();
    const outside = await story(s.editor, s, "2090-04-01T09:00");
    const { token } = await createReviewLink(deps(), s.editor, s.brand.id, {
      from: "2090-03-10",
      to: "2090-03-12",
    });
    const frame = await db().storyFrame.findFirstOrThrow({
      where: { storyId: s.stories[0]?.id },
      include: { mediaAsset: true },
    });
    const media = await getReviewMedia(deps(), token, frame.id, client);
    expect(media.storageKey).toBe(frame.mediaAsset?.storageKey);

    const outsideFrame = await db().storyFrame.findFirstOrThrow({ where: { storyId: outside.id } });
    const loose = await makeMediaAsset(db(), s.workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 5 }),
      mimeType: "image/jpeg",
    });
    for (const id of [outsideFrame.id, loose.id, frame.mediaAssetId ?? "", "x".repeat(500)]) {
      await expectAppError(getReviewMedia(deps(), token, id, client), "NOT_FOUND");
    }
  });

  it("under a team-only policy the client can comment but not decide", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const b = await brandOf(ctx, "TEAM");
    const s = await story(ctx, b, "2090-05-01T09:00");
    const { token } = await createReviewLink(deps(), ctx, b.brand.id, { storyIds: [s.id] });
    expect((await getReviewPage(deps(), token, client)).clientDecides).toBe(false);
    await makeTeamApproval(db(), s, ownerId);
    await expectAppError(
      decideThroughReviewLink(
        deps(),
        token,
        s.id,
        { ...who, version: s.version, decision: "APPROVED" },
        client,
      ),
      "CONFLICT",
    );
    expect(await db().approval.count({ where: { storyId: s.id, reviewLinkId: { not: null } } })).toBe(0);
    await commentThroughReviewLink(deps(), token, s.id, { ...who, body: "Looks good to us" }, client);
  });

  it("is rate limited per link and per IP, with a message that says when to come back", async () => {
    const s = await setup();
    const { token } = await createReviewLink(deps(), s.editor, s.brand.id, {
      from: "2090-03-10",
      to: "2090-03-12",
    });
    const { token: second } = await createReviewLink(deps(), s.editor, s.brand.id, {
      from: "2090-03-10",
      to: "2090-03-11",
    });
    const limited = (perLink: number, perIp: number) => ({
      ...deps(),
      rateLimit: createReviewRateLimit(redis(), { keyPrefix: `${prefix}-${randomUUID()}`, perLink, perIp }),
    });

    const perLink = limited(3, 100);
    for (let i = 0; i < 3; i++) await getReviewPage(perLink, token, client);
    const error = await expectAppError(getReviewPage(perLink, token, client), "RATE_LIMITED");
    expect(error.message).toMatch(/Too many requests through this review link\. Wait \d+ s/);
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    // Another link from another IP still works.
    await getReviewPage(perLink, second, { ...client, ip: "198.51.100.1" });

    const perIp = limited(100, 2);
    await getReviewPage(perIp, token, client);
    await getReviewPage(perIp, second, client);
    await expectAppError(getReviewPage(perIp, second, client), "RATE_LIMITED");
    await getReviewPage(perIp, second, { ...client, ip: "198.51.100.2" });
  });
});
