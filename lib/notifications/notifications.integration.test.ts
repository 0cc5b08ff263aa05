import { describe, expect, it } from "vitest";
import { markNeedsReauth } from "@/lib/channels/notify-reauth-needed";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { rollUpStory } from "@/lib/publishing/roll-up-story";
import { makeBrand, makeMember, makeSandboxChannels, makeUser, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { countUnreadNotifications } from "./count-unread-notifications";
import { listNotifications } from "./list-notifications";
import { markAllNotificationsRead } from "./mark-all-notifications-read";
import { markNotificationRead } from "./mark-notification-read";
import { notify } from "./notify";

/** A workspace with two brands and one member of each kind that matters for who hears what. */
async function agency() {
  const { workspace, ctx: owner } = await makeWorkspace(db());
  const client = await makeBrand(db(), workspace.id, { name: "Client" });
  const other = await makeBrand(db(), workspace.id, { name: "Other" });
  const admin = await makeMember(db(), workspace, "ADMIN");
  const editor = await makeMember(db(), workspace, "EDITOR");
  const approver = await makeMember(db(), workspace, "APPROVER");
  const clientApprover = await makeMember(db(), workspace, "APPROVER", { brandIds: [client.id] });
  const otherApprover = await makeMember(db(), workspace, "APPROVER", { brandIds: [other.id] });
  const viewer = await makeMember(db(), workspace, "VIEWER");
  return { workspace, client, other, owner, admin, editor, approver, clientApprover, otherApprover, viewer };
}

const uid = (ctx: { userId: string | null }) => ctx.userId ?? "";

describe("notify", () => {
  it("tells a kind's roles who can see the brand, never the actor, and links inside the workspace", async () => {
    const a = await agency();
    const told = await notify(db(), {
      kind: "story.review_requested",
      workspaceId: a.workspace.id,
      brandId: a.client.id,
      actorUserId: uid(a.admin),
      title: "Review: Summer sale",
      body: "It is waiting for you.",
      path: "/stories/s1",
    });
    expect(told.sort()).toEqual([uid(a.owner), uid(a.approver), uid(a.clientApprover)].sort());
    const rows = await db().notification.findMany({ where: { workspaceId: a.workspace.id } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.link === `/w/${a.workspace.slug}/stories/s1` && r.readAt === null)).toBe(true);
  });

  it("tells named people only if they can see the brand, and owners and admins when nobody named can", async () => {
    const a = await agency();
    const outsider = await makeUser(db());
    const mention = await notify(db(), {
      kind: "story.mention",
      workspaceId: a.workspace.id,
      brandId: a.client.id,
      userIds: [uid(a.editor), uid(a.otherApprover), outsider.id, null],
      title: "Mentioned",
      body: "@you",
      path: "/stories/s1",
    });
    expect(mention).toEqual([uid(a.editor)]);

    const orphan = await notify(db(), {
      kind: "story.published",
      workspaceId: a.workspace.id,
      brandId: a.client.id,
      userIds: [null],
      title: "Published",
      body: "Live.",
      path: null,
    });
    expect(orphan.sort()).toEqual([uid(a.owner), uid(a.admin)].sort());

    const selfMention = await notify(db(), {
      kind: "story.mention",
      workspaceId: a.workspace.id,
      brandId: a.client.id,
      userIds: [uid(a.editor)],
      actorUserId: uid(a.editor),
      title: "Mentioned themself",
      body: "@me",
      path: null,
    });
    expect(selfMention).toEqual([]);
  });

  it("keeps workspace-wide notices from members limited to brands", async () => {
    const a = await agency();
    const told = await notify(db(), {
      kind: "story.approval_overdue",
      workspaceId: a.workspace.id,
      brandId: null,
      title: "Overdue",
      body: "Nobody approved it.",
      path: null,
    });
    expect(told.sort()).toEqual([uid(a.owner), uid(a.admin), uid(a.approver)].sort());
  });

  it("defines every kind of the issue and refuses an unknown kind or a path outside the workspace", async () => {
    const a = await agency();
    for (const kind of [
      "story.review_requested",
      "story.approved",
      "story.changes_requested",
      "story.comment",
      "story.mention",
      "story.approval_overdue",
      "story.published",
      "story.failed",
      "story.partially_failed",
      "channel.needs_reauth",
      "channel.token_expiring",
      "handoff.due",
    ] as const) {
      const told = await notify(db(), {
        kind,
        workspaceId: a.workspace.id,
        brandId: a.client.id,
        userIds: [uid(a.editor)],
        title: kind,
        body: "",
        path: "/",
      });
      expect(told.length, kind).toBeGreaterThan(0);
    }
    const before = await db().notification.count({ where: { workspaceId: a.workspace.id } });
    await expectAppError(
      notify(db(), {
        // @ts-expect-error: a kind that is not defined, as a caller without types could send
        kind: "story.exploded",
        workspaceId: a.workspace.id,
        brandId: null,
        title: "x",
        body: "",
        path: null,
      }),
      "INVALID_INPUT",
    );
    await expectAppError(
      notify(db(), {
        kind: "story.failed",
        workspaceId: a.workspace.id,
        brandId: null,
        title: "x",
        body: "",
        path: "https://evil.example/",
      }),
      "INVALID_INPUT",
    );
    expect(await db().notification.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
  });
});

describe("story outcomes", () => {
  async function finished(outcome: ("PUBLISHED" | "FAILED")[]) {
    const a = await agency();
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), a.client);
    const story = await db().story.create({
      data: {
        workspaceId: a.workspace.id,
        brandId: a.client.id,
        authorId: uid(a.editor),
        title: "Summer sale",
        status: "PUBLISHING",
      },
    });
    await db().storyTarget.createMany({
      data: outcome.map((state, i) => ({
        workspaceId: a.workspace.id,
        storyId: story.id,
        channelId: channels[i]?.id ?? "",
        state,
      })),
    });
    await db().$transaction((tx) => rollUpStory(tx, story, new Date()));
    const notices = await db().notification.findMany({
      where: { workspaceId: a.workspace.id },
      select: { userId: true, kind: true, title: true, link: true },
    });
    return { a, story, notices };
  }

  it("tells the author a story was published", async () => {
    const { a, story, notices } = await finished(["PUBLISHED", "PUBLISHED"]);
    expect(notices).toEqual([
      {
        userId: uid(a.editor),
        kind: "story.published",
        title: "Published: Summer sale",
        link: `/w/${a.workspace.slug}/stories/${story.id}`,
      },
    ]);
  });

  it("tells the author and the owners and admins that a story failed, or partly failed", async () => {
    const failed = await finished(["FAILED", "FAILED"]);
    expect(failed.notices.map((n) => n.userId).sort()).toEqual(
      [uid(failed.a.editor), uid(failed.a.owner), uid(failed.a.admin)].sort(),
    );
    expect(new Set(failed.notices.map((n) => n.kind))).toEqual(new Set(["story.failed"]));
    const partial = await finished(["PUBLISHED", "FAILED"]);
    expect(new Set(partial.notices.map((n) => `${n.kind} ${n.title}`))).toEqual(
      new Set(["story.partially_failed Partly failed: Summer sale"]),
    );
  });
});

describe("the bell", () => {
  it("counts, lists and marks read only the caller's notices in this workspace", async () => {
    const a = await agency();
    const elsewhere = await makeWorkspace(db(), { ownerId: uid(a.owner) });
    const notice = (workspaceId: string, title: string) =>
      notify(db(), {
        kind: "story.mention",
        workspaceId,
        brandId: null,
        userIds: [uid(a.owner)],
        title,
        body: "",
        path: null,
      });
    await notice(a.workspace.id, "first");
    await notice(a.workspace.id, "second");
    // Written within the same millisecond, perhaps: make "first" unmistakably older.
    await db().notification.updateMany({
      where: { workspaceId: a.workspace.id, title: "first" },
      data: { createdAt: new Date(Date.now() - 60_000) },
    });
    await notice(elsewhere.workspace.id, "elsewhere");
    await notify(db(), {
      kind: "story.mention",
      workspaceId: a.workspace.id,
      brandId: null,
      userIds: [uid(a.admin)],
      title: "the admin's",
      body: "",
      path: null,
    });

    expect(await countUnreadNotifications(db(), a.owner)).toBe(2);
    const [second, first] = await listNotifications(db(), a.owner);
    expect([second?.title, first?.title]).toEqual(["second", "first"]);

    const adminsNotice = await db().notification.findFirstOrThrow({ where: { userId: uid(a.admin) } });
    const othersNotice = await db().notification.findFirstOrThrow({
      where: { workspaceId: elsewhere.workspace.id },
    });
    await expectAppError(markNotificationRead(db(), a.owner, adminsNotice.id), "NOT_FOUND");
    await expectAppError(markNotificationRead(db(), a.owner, othersNotice.id), "NOT_FOUND");
    expect(await countUnreadNotifications(db(), a.admin)).toBe(1);
    expect(await countUnreadNotifications(db(), elsewhere.ctx)).toBe(1);

    await markNotificationRead(db(), a.owner, first?.id ?? "");
    await markNotificationRead(db(), a.owner, first?.id ?? "");
    expect(await countUnreadNotifications(db(), a.owner)).toBe(1);
    expect((await listNotifications(db(), a.owner)).map((n) => [n.title, n.readAt !== null])).toEqual([
      ["second", false],
      ["first", true],
    ]);

    expect(await markAllNotificationsRead(db(), a.owner)).toBe(1);
    expect(await countUnreadNotifications(db(), a.owner)).toBe(0);
    expect(await countUnreadNotifications(db(), elsewhere.ctx)).toBe(1);
    expect(await countUnreadNotifications(db(), a.admin)).toBe(1);
  });
});

describe("channel notices", () => {
  it("tell the owners and admins who see the channel's brand, not an admin limited to another", async () => {
    const a = await agency();
    const clientAdmin = await makeMember(db(), a.workspace, "ADMIN", { brandIds: [a.client.id] });
    const otherAdmin = await makeMember(db(), a.workspace, "ADMIN", { brandIds: [a.other.id] });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), a.client);
    if (!channel) throw new Error("sandbox channels missing");
    await markNeedsReauth(db(), channel, "The token expired.");
    const told = await db().notification.findMany({
      where: { workspaceId: a.workspace.id, kind: "channel.needs_reauth" },
      select: { userId: true, link: true },
    });
    expect(told.map((n) => n.userId).sort()).toEqual([uid(a.owner), uid(a.admin), uid(clientAdmin)].sort());
    expect(told.map((n) => n.userId)).not.toContain(uid(otherAdmin));
    expect(told[0]?.link).toBe(`/w/${a.workspace.slug}/brands/${a.client.id}`);
  });
});
