import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db/client";
import { publishNow } from "@/lib/stories/publish-now";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { updateStory } from "@/lib/stories/update-story";
import { makeBrand, makeMember, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { expectAppError } from "@/test/assert/expect-app-error";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import type { AudienceDeps } from "./audience-deps";
import { chooseTargetAudience } from "./choose-target-audience";
import { createAudienceList } from "./create-audience-list";
import { deleteAudienceList } from "./delete-audience-list";
import { getStoryAudiences } from "./get-story-audiences";
import { listAudienceLists } from "./list-audience-lists";
import { listChannelContacts } from "./list-channel-contacts";
import { updateAudienceList } from "./update-audience-list";

// WhatsApp status audiences through the real pipeline: Postgres, BullMQ workers and the WAHA
// simulator over HTTP, whose ledger records the `contacts` each status was sent with.

describe("status audiences", () => {
  let p: Pipeline;
  let deps: AudienceDeps;
  beforeAll(async () => {
    p = await startPipeline();
    deps = {
      db: db(),
      box: p.deps.box,
      publisherFor: p.deps.publisherFor,
      endpointsFor: p.deps.endpointsFor,
    };
  }, 60_000);
  afterAll(() => p.close());

  const contactsOf = async (externalId: string) => {
    const entries = (await p.ledger()) as unknown as { externalId: string; contacts: string[] | null }[];
    return entries.find((e) => e.externalId === externalId)?.contacts;
  };

  /** The story with its targets' frames once publishing has ended, one way or another. */
  const finished = (storyId: string) =>
    eventually(
      () =>
        db().story.findUniqueOrThrow({
          where: { id: storyId },
          include: { targets: { include: { frames: true } } },
        }),
      (s) => !["SCHEDULED", "PUBLISHING"].includes(s.status),
      30_000,
    );

  /** Schedules a text status far ahead, gives it `audience`, publishes it now; the contacts sent. */
  async function publishWith(audience: Parameters<typeof chooseTargetAudience>[2]["audience"] | null) {
    const whatsapp = p.channel("WHATSAPP");
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [{ text: `Audience ${Math.random()}` }],
      when: { at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    });
    if (audience)
      await chooseTargetAudience(deps, p.ctx, { storyId: story.id, channelId: whatsapp.id, audience });
    await publishNow(p.deps, p.ctx, story.id);
    const done = await finished(story.id);
    expect(done.status).toBe("PUBLISHED");
    return { story, sent: await contactsOf(done.targets[0]?.frames[0]?.externalMediaId ?? "") };
  }

  it("sends a story to all contacts, only a list, or all except a list, as the ledger shows", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const contacts = await listChannelContacts(deps, p.ctx, { channelId: whatsapp.id });
    expect(contacts).toHaveLength(30);
    const all = contacts.map((c) => c.id);
    const chosen = all.slice(0, 3);
    const list = await createAudienceList(deps, p.ctx, {
      channelId: whatsapp.id,
      name: "VIPs",
      contactIds: chosen,
    });

    expect((await publishWith(null)).sent).toBeNull();
    const only = await publishWith({ mode: "ONLY", listId: list.id });
    expect(only.sent).toEqual(chosen);
    expect([...(await getStoryAudiences(db(), p.ctx, only.story.id)).values()]).toEqual([
      { mode: "ONLY", listName: "VIPs", contactCount: 3 },
    ]);
    const except = await publishWith({ mode: "EXCEPT", listId: list.id });
    // The phone book's order, not the page's (sorted by name): compare as sets.
    expect([...(except.sent ?? [])].sort()).toEqual(all.filter((id) => !chosen.includes(id)).sort());
  });

  it("schedules a story with its audience in one go (the composer's way), refusing another channel's list", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const all = (await listChannelContacts(deps, p.ctx, { channelId: whatsapp.id })).map((c) => c.id);
    const list = await createAudienceList(deps, p.ctx, {
      channelId: whatsapp.id,
      name: "At once",
      contactIds: [all[9] ?? ""],
    });
    const before = await db().story.count({ where: { workspaceId: p.workspace.id } });
    await expectAppError(
      scheduleStory(p.deps, p.ctx, {
        brandId: p.brand.id,
        channelIds: [whatsapp.id],
        frames: [{ text: "Wrong list" }],
        when: { now: true },
        audiences: [{ channelId: p.channel("INSTAGRAM").id, mode: "ONLY", listId: list.id }],
      }),
      "NOT_FOUND",
    );
    expect(await db().story.count({ where: { workspaceId: p.workspace.id } })).toBe(before);
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [{ text: `At once ${Math.random()}` }],
      when: { now: true },
      audiences: [{ channelId: whatsapp.id, mode: "ONLY", listId: list.id }],
    });
    const done = await finished(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect(await contactsOf(done.targets[0]?.frames[0]?.externalMediaId ?? "")).toEqual([all[9]]);
  });

  it("keeps the contacts a story was given when its list is edited or deleted afterwards", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const all = (await listChannelContacts(deps, p.ctx, { channelId: whatsapp.id })).map((c) => c.id);
    const list = await createAudienceList(deps, p.ctx, {
      channelId: whatsapp.id,
      name: "Staff",
      contactIds: [all[5] ?? ""],
    });
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [{ text: `Kept ${Math.random()}` }],
      when: { at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    });
    await chooseTargetAudience(deps, p.ctx, {
      storyId: story.id,
      channelId: whatsapp.id,
      audience: { mode: "ONLY", listId: list.id },
    });
    // Editing the story rewrites its targets: the audience stays with the channel.
    await updateStory(p.deps, p.ctx, story.id, {
      channelIds: [whatsapp.id],
      frames: [{ text: `Kept, edited ${Math.random()}` }],
      when: { at: new Date(Date.now() + 31 * 86_400_000).toISOString() },
    });
    await updateAudienceList(deps, p.ctx, {
      listId: list.id,
      name: "Staff (old)",
      contactIds: [all[6] ?? ""],
    });
    await deleteAudienceList(deps, p.ctx, { listId: list.id });
    const row = await db().targetAudience.findFirstOrThrow({ where: { target: { storyId: story.id } } });
    expect([row.mode, row.listName, row.contactIds]).toEqual(["ONLY", "Staff", [all[5]]]);
    // Each change is in the trail, naming the list and counting contacts, never listing them.
    const trail = await db().auditLog.findMany({
      where: {
        workspaceId: p.ctx.workspaceId,
        OR: [{ entityId: list.id }, { storyId: story.id, action: "story.audience" }],
      },
      orderBy: { createdAt: "asc" },
      select: { action: true, channelId: true, data: true },
    });
    expect(trail).toEqual([
      { action: "audience_list.create", channelId: whatsapp.id, data: { name: "Staff", contacts: 1 } },
      {
        action: "story.audience",
        channelId: whatsapp.id,
        data: { mode: "ONLY", list: "Staff", contacts: 1 },
      },
      { action: "audience_list.update", channelId: whatsapp.id, data: { name: "Staff (old)", contacts: 1 } },
      { action: "audience_list.delete", channelId: whatsapp.id, data: { name: "Staff (old)", contacts: 1 } },
    ]);
    expect(JSON.stringify(trail)).not.toContain("@c.us");
  });

  it("lets an API client find a list and schedule a story with it", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const all = (await listChannelContacts(deps, p.ctx, { channelId: whatsapp.id })).map((c) => c.id);
    const list = await createAudienceList(deps, p.ctx, {
      channelId: whatsapp.id,
      name: "API list",
      contactIds: [all[1] ?? "", all[2] ?? ""],
    });
    const api = await setUpApiDeps();
    try {
      const workspace = await db().workspace.findUniqueOrThrow({ where: { id: p.ctx.workspaceId } });
      const { key } = await createApiKey(db(), { workspaceSlug: workspace.slug, role: "EDITOR" });
      const lists = await callApi("GET", `/brands/${p.brand.id}/audience-lists`, { key });
      expect(lists.status).toBe(200);
      expect(lists.body.data).toContainEqual({
        id: list.id,
        channelId: whatsapp.id,
        name: "API list",
        contactCount: 2,
      });
      const created = await callApi("POST", "/stories", {
        key,
        json: {
          brandId: p.brand.id,
          channelIds: [whatsapp.id],
          frames: [{ text: "From the API" }],
          when: { at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
          audiences: [{ channelId: whatsapp.id, mode: "EXCEPT", listId: list.id }],
        },
      });
      expect(created.status).toBe(201);
      const row = await db().targetAudience.findFirstOrThrow({
        where: { target: { storyId: created.body.id } },
      });
      expect([row.mode, row.listName, row.contactIds]).toEqual(["EXCEPT", "API list", [all[1], all[2]]]);
    } finally {
      await api.close();
    }
  });

  it("searches contacts, renames lists, and refuses bad input without changing anything", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const all = await listChannelContacts(deps, p.ctx, { channelId: whatsapp.id });
    const someone = all.find((c) => c.name) ?? all[0];
    const found = await listChannelContacts(deps, p.ctx, {
      channelId: whatsapp.id,
      search: someone?.name?.toUpperCase().slice(0, 4),
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(all.length);
    expect(found.map((c) => c.id)).toContain(someone?.id);

    const list = await createAudienceList(deps, p.ctx, { channelId: whatsapp.id, name: "Bad input" });
    await expectAppError(
      updateAudienceList(deps, p.ctx, { listId: list.id, contactIds: ["15550000000@c.us"] }),
      "INVALID_INPUT",
    );
    await expectAppError(
      createAudienceList(deps, p.ctx, { channelId: whatsapp.id, name: "Bad input" }),
      "CONFLICT",
    );
    await expectAppError(
      createAudienceList(deps, p.ctx, { channelId: p.channel("INSTAGRAM").id, name: "Nope" }),
      "INVALID_INPUT",
    );
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [{ text: `Empty ${Math.random()}` }],
      when: { at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    });
    await expectAppError(
      chooseTargetAudience(deps, p.ctx, {
        storyId: story.id,
        channelId: whatsapp.id,
        audience: { mode: "ONLY", listId: list.id },
      }),
      "INVALID_INPUT",
    );
    const renamed = await updateAudienceList(deps, p.ctx, { listId: list.id, name: "Renamed" });
    expect([renamed.name, renamed.contactIds]).toEqual(["Renamed", []]);
    const ids = all.map((c) => c.id);
    await updateAudienceList(deps, p.ctx, { listId: list.id, add: [ids[0] ?? "", ids[1] ?? ""] });
    const changed = await updateAudienceList(deps, p.ctx, {
      listId: list.id,
      add: [ids[2] ?? ""],
      remove: [ids[0] ?? ""],
    });
    expect(changed.contactIds).toEqual([ids[1], ids[2]]);
    await expectAppError(
      updateAudienceList(deps, p.ctx, { listId: list.id, add: ["1@c.us"] }),
      "INVALID_INPUT",
    );
    expect((await db().statusAudienceList.findUniqueOrThrow({ where: { id: list.id } })).contactIds).toEqual([
      ids[1],
      ids[2],
    ]);
    expect(await db().targetAudience.count({ where: { target: { storyId: story.id } } })).toBe(0);
  });

  it("lets viewers read but not edit, and hides another workspace's lists and channels", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const list = await createAudienceList(deps, p.ctx, { channelId: whatsapp.id, name: "Roles" });
    const viewer = await makeMember(db(), p.workspace, "VIEWER");
    expect((await listAudienceLists(deps, viewer, whatsapp.id)).lists.map((l) => l.name)).toContain("Roles");
    await expectAppError(
      createAudienceList(deps, viewer, { channelId: whatsapp.id, name: "V" }),
      "FORBIDDEN",
    );
    await expectAppError(deleteAudienceList(deps, viewer, { listId: list.id }), "FORBIDDEN");

    const other = await makeWorkspace(db());
    const otherBrand = await makeBrand(db(), other.workspace.id);
    const [theirs] = await makeSandboxChannels(db(), p.deps.box, otherBrand, ["WHATSAPP"]);
    await expectAppError(listAudienceLists(deps, other.ctx, whatsapp.id), "NOT_FOUND");
    await expectAppError(updateAudienceList(deps, other.ctx, { listId: list.id, name: "Mine" }), "NOT_FOUND");
    await expectAppError(deleteAudienceList(deps, other.ctx, { listId: list.id }), "NOT_FOUND");
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [{ text: `Other ${Math.random()}` }],
      when: { at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    });
    const theirList = await createAudienceList(deps, other.ctx, {
      channelId: theirs?.id ?? "",
      name: "Theirs",
    });
    await expectAppError(
      chooseTargetAudience(deps, p.ctx, {
        storyId: story.id,
        channelId: whatsapp.id,
        audience: { mode: "EXCEPT", listId: theirList.id },
      }),
      "NOT_FOUND",
    );
    expect((await db().statusAudienceList.findUniqueOrThrow({ where: { id: list.id } })).name).toBe("Roles");
  });
});
