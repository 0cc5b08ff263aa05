import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULE_HORIZON_DAYS } from "@/lib/core/time-bounds";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import {
  makeApiKey,
  makeBrand,
  makeMediaAsset,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { jpeg } from "@/test/media/media-fixtures";

// Out-of-range times through the REST API (lib/core/time-bounds.ts): refused with 422 naming the
// field and the limit before anything is written, and stories stored before the bounds existed
// (with instants the driver cannot read back) still answer GET, list, reschedule and cancel.

const DAY = 86_400_000;
const MINUTE = 60_000;

async function tenant() {
  const { workspace } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id, { timeZone: "America/New_York" });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
  const owner = await makeApiKey(db(), workspace.id, "OWNER");
  const image = await makeMediaAsset(db(), workspace.id, {
    kind: "IMAGE",
    bytes: jpeg({ seed: 1 }),
    mimeType: "image/jpeg",
  });
  const body = (when: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    brandId: brand.id,
    title: "Bounds",
    channelIds: channels.map((c) => c.id),
    frames: [image.id],
    when,
    ...extra,
  });
  /** Everything a request could have written for this workspace. */
  const written = async () => ({
    stories: await db().story.count({ where: { workspaceId: workspace.id } }),
    targets: await db().storyTarget.count({ where: { workspaceId: workspace.id } }),
    audit: await db().auditLog.count({ where: { workspaceId: workspace.id } }),
  });
  return { workspace, brand, owner, body, written };
}

describe("REST API times", () => {
  let api: ApiTestDeps;

  beforeAll(async () => {
    api = await setUpApiDeps({ scheduleHorizonDays: DEFAULT_SCHEDULE_HORIZON_DAYS });
  });
  afterAll(async () => {
    await api.close();
  });

  it("refuses a time beyond the horizon in every form with 422 naming `when` and the limit, writing nothing", async () => {
    const t = await tenant();
    const before = await t.written();
    const beyond = new Date(Date.now() + (DEFAULT_SCHEDULE_HORIZON_DAYS + 1) * DAY).toISOString();
    for (const when of [
      { at: "9999-12-31T23:59:00Z" },
      { at: "9999-12-31T23:59:00-14:00" },
      { local: "9999-12-31T23:59", timeZone: "Pacific/Kiritimati" },
      { local: "9999-12-31T23:59" },
      { at: beyond },
    ]) {
      for (const headers of [{}, { "idempotency-key": randomUUID() }] as Record<string, string>[]) {
        const res = await callApi("POST", "/stories", { key: t.owner.key, json: t.body(when), headers });
        expect(res.status, JSON.stringify(when)).toBe(422);
        expect(res.body.errors).toEqual([
          {
            field: "when",
            pointer: "/when",
            detail: expect.stringMatching(
              /^Schedule within 365 days: at most [A-Z][a-z]{2},? \d{1,2} [A-Z][a-z]{2}(?: \d{4})?, \d\d:\d\d \((America\/New_York|Pacific\/Kiritimati)\)\.$/,
            ),
          },
        ]);
      }
    }
    expect(await t.written()).toEqual(before);
  });

  it("accepts a time just inside the horizon, with its deadline two hours later", async () => {
    const t = await tenant();
    const at = new Date(Date.now() + DEFAULT_SCHEDULE_HORIZON_DAYS * DAY - 5 * MINUTE);
    at.setUTCSeconds(0, 0);
    const res = await callApi("POST", "/stories", {
      key: t.owner.key,
      json: t.body({ at: at.toISOString() }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      scheduledAt: at.toISOString(),
      freshnessDeadline: new Date(at.getTime() + 2 * 3_600_000).toISOString(),
    });
  });

  it("refuses a freshness window over a day, and a reschedule beyond the horizon, changing nothing", async () => {
    const t = await tenant();
    const tooFresh = await callApi("POST", "/stories", {
      key: t.owner.key,
      json: t.body({ at: new Date(Date.now() + DAY).toISOString() }, { freshnessMinutes: 24 * 60 + 1 }),
    });
    expect(tooFresh.status).toBe(422);
    expect(tooFresh.body.errors[0].field).toBe("freshnessMinutes");

    const created = await callApi("POST", "/stories", {
      key: t.owner.key,
      json: t.body({ at: new Date(Date.now() + DAY).toISOString() }),
    });
    expect(created.status).toBe(201);
    const before = await t.written();
    const moved = await callApi("POST", `/stories/${created.body.id}/reschedule`, {
      key: t.owner.key,
      json: { when: { at: "9999-12-31T23:59:00Z" } },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.errors[0]).toMatchObject({
      field: "when",
      detail: expect.stringMatching(/^Schedule within 365 days/),
    });
    const got = await callApi("GET", `/stories/${created.body.id}`, { key: t.owner.key });
    expect(got.body).toMatchObject({
      version: created.body.version,
      scheduledAt: created.body.scheduledAt,
      freshnessDeadline: created.body.freshnessDeadline,
    });
    expect(await t.written()).toEqual(before);
  });

  it("refuses list filters outside 2000–9000 with 422 naming the parameter", async () => {
    const t = await tenant();
    for (const [name, value] of [
      ["scheduledFrom", "1999-12-31T23:59:59Z"],
      ["scheduledBefore", "9999-12-31T23:59:59-14:00"],
      ["scheduledFrom", "9000-01-01T00:00:01Z"],
    ] as const) {
      const res = await callApi("GET", `/stories?${name}=${encodeURIComponent(value)}`, { key: t.owner.key });
      expect(res.status, `${name}=${value}`).toBe(422);
      expect(res.body.errors).toEqual([
        { field: name, pointer: `/${name}`, detail: "Use a time between 2000-01-01 and 9000-01-01." },
      ]);
    }
    const inRange = await callApi(
      "GET",
      "/stories?scheduledFrom=2000-01-01T00:00:00Z&scheduledBefore=9000-01-01T00:00:00Z",
      {
        key: t.owner.key,
      },
    );
    expect(inRange.status).toBe(200);
  });

  it("refuses a cursor holding an instant the database cannot hold with 422 naming the cursor", async () => {
    const t = await tenant();
    const cursor = (keys: Record<string, unknown>) => Buffer.from(JSON.stringify(keys)).toString("base64url");
    for (const [path, keys] of [
      ["/stories", { s: "0000-01-01T00:00:00Z", c: "2026-01-01T00:00:00Z", i: "x" }],
      ["/stories", { s: null, c: "0000-01-01T00:00:00Z", i: "x" }],
      ["/media", { c: "0000-01-01T00:00:00Z", s: null, i: "x" }],
    ] as const) {
      const res = await callApi("GET", `${path}?cursor=${cursor(keys)}`, { key: t.owner.key });
      expect(res.status, `${path} ${JSON.stringify(keys)}`).toBe(422);
      expect(res.body.errors[0].field).toBe("cursor");
    }
    // The last row of a page may be an old story's year 9999: its cursor still works.
    const late = await callApi(
      "GET",
      `/stories?cursor=${cursor({ s: "9999-12-31T23:59:00.000Z", c: "2026-01-01T00:00:00Z", i: "x" })}`,
      {
        key: t.owner.key,
      },
    );
    expect(late.status).toBe(200);
  });

  it("reads, lists, reschedules and cancels a story stored before the bounds with instants the driver cannot read", async () => {
    const t = await tenant();
    const make = async () => {
      const res = await callApi("POST", "/stories", {
        key: t.owner.key,
        json: t.body({ at: new Date(Date.now() + DAY).toISOString() }),
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    // What year 9999 requests stored: a deadline in the year 10000, and with "-14:00" the
    // scheduled time too.
    const deadlineOnly = await make();
    const both = await make();
    await db().$executeRaw`UPDATE "Story" SET "scheduledAt" = '9999-12-31 23:59:00',
      "freshnessDeadline" = '10000-01-01 01:59:00' WHERE id = ${deadlineOnly}`;
    await db().$executeRaw`UPDATE "Story" SET "scheduledAt" = '10000-01-01 13:59:00',
      "freshnessDeadline" = '10000-01-01 15:59:00' WHERE id = ${both}`;

    const got = await callApi("GET", `/stories/${deadlineOnly}`, { key: t.owner.key });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ scheduledAt: "9999-12-31T23:59:00.000Z", freshnessDeadline: null });
    const gotBoth = await callApi("GET", `/stories/${both}`, { key: t.owner.key });
    expect(gotBoth.status).toBe(200);
    expect(gotBoth.body).toMatchObject({ scheduledAt: null, freshnessDeadline: null });
    const list = await callApi("GET", "/stories", { key: t.owner.key });
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([deadlineOnly, both]),
    );

    // Moving it gives it the default window again rather than carrying an unreadable one over.
    const at = new Date(Date.now() + 2 * DAY);
    at.setUTCSeconds(0, 0);
    const moved = await callApi("POST", `/stories/${deadlineOnly}/reschedule`, {
      key: t.owner.key,
      json: { when: { at: at.toISOString() } },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      scheduledAt: at.toISOString(),
      freshnessDeadline: new Date(at.getTime() + 2 * 3_600_000).toISOString(),
    });

    const canceled = await callApi("POST", `/stories/${both}/cancel`, { key: t.owner.key });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe("CANCELED");
  });
});
