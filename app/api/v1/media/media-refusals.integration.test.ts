import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { MediaJob } from "@/lib/queue/queues";
import { makeApiKey, makeWorkspace } from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { jpegClaiming, mp4Claiming, pngClaiming } from "@/test/media/huge-header";
import { jpeg } from "@/test/media/media-fixtures";
import { startTrickleServer } from "@/test/net/trickle-server";
import { startMediaServer } from "@/test/simulators/media-server";
import { setApiDepsForTests } from "../_lib/api-deps";

/** Files whose header already says processing would refuse them, and the limit each names. */
const OVER_LIMITS = [
  { name: "huge.jpg", bytes: jpegClaiming(30_000, 30_000), says: /30000 × 30000 px.*at most 100 megapixels/ },
  { name: "huge.png", bytes: pngClaiming(30_000, 30_000), says: /30000 × 30000 px.*at most 100 megapixels/ },
  {
    name: "huge.mp4",
    bytes: mp4Claiming({ width: 30_000, height: 30_000 }),
    says: /30000 × 30000 px.*at most 100 megapixels a frame/,
  },
  {
    name: "endless.mp4",
    bytes: mp4Claiming({ durationSeconds: 100 * 3_600 }),
    says: /is 100 h long; videos can be at most 4 h/,
  },
];

/**
 * Uploads and imports through the REST API that are refused at once, leaving nothing behind: a
 * header claiming more than processing takes, and a source too slow to finish within the deadline.
 */
describe("media the API refuses when it arrives", () => {
  let api: ApiTestDeps;
  const enqueued: MediaJob[] = [];

  beforeAll(async () => {
    api = await setUpApiDeps({
      enqueueMedia: async (job) => void enqueued.push(job),
      mediaImportDeadlineMs: 1_500,
    });
  });
  afterAll(async () => {
    setApiDepsForTests({ mediaImportDeadlineMs: env().MEDIA_IMPORT_DEADLINE_MS });
    await api.close();
  });

  async function tenant() {
    const { workspace } = await makeWorkspace(db());
    const { key } = await makeApiKey(db(), workspace.id, "OWNER");
    return { workspaceId: workspace.id, key };
  }

  async function expectNothingStored(workspaceId: string) {
    expect(await db().mediaAsset.count({ where: { workspaceId } })).toBe(0);
    expect(await readdir(join(api.mediaDir, workspaceId)).catch(() => [])).toEqual([]);
    expect(enqueued.filter((job) => job.workspaceId === workspaceId)).toEqual([]);
  }

  it("refuses an upload whose header claims more pixels or a longer video than processing takes", async () => {
    const t = await tenant();
    for (const file of OVER_LIMITS) {
      const form = new FormData();
      form.set("file", new File([new Uint8Array(file.bytes)], file.name));
      const response = await callApi("POST", "/media", { key: t.key, form });
      expect(response.status, file.name).toBe(422);
      expect(response.body.detail, file.name).toMatch(file.says);
      expect(response.body.errors, file.name).toEqual([expect.objectContaining({ field: "file" })]);
    }
    await expectNothingStored(t.workspaceId);
  });

  it("refuses the same files imported from a URL", async () => {
    const t = await tenant();
    const origin = await startMediaServer();
    try {
      for (const file of OVER_LIMITS) {
        const url = origin.serve(`/${file.name}`, file.bytes);
        const response = await callApi("POST", "/media/import", { key: t.key, json: { url } });
        expect(response.status, file.name).toBe(422);
        expect(response.body.detail, file.name).toMatch(file.says);
        expect(origin.hits(`/${file.name}`), file.name).toBe(1);
      }
      await expectNothingStored(t.workspaceId);
    } finally {
      await origin.close();
    }
  });

  it("answers an import from a trickling source at the deadline, naming it, and stores nothing", async () => {
    const t = await tenant();
    // A real picture, in 40 slices 150 ms apart: never idle, 6 s in all.
    const slow = await startTrickleServer({
      body: jpeg({ width: 1080, height: 1920 }),
      slices: 40,
      everyMs: 150,
      contentType: "image/jpeg",
    });
    try {
      const started = Date.now();
      const response = await callApi("POST", "/media/import", {
        key: t.key,
        json: { url: `${slow.url}/cover.jpg` },
      });
      const elapsed = Date.now() - started;
      expect(response.status).toBe(422);
      expect(response.body.detail).toBe(
        "The source sent too slowly: the whole file must arrive within 1.5 s.",
      );
      expect(response.body.errors).toEqual([expect.objectContaining({ field: "url" })]);
      expect(elapsed).toBeLessThan(slow.totalMs - 2_000);
      expect(slow.state.finished).toBe(0);
      await expectNothingStored(t.workspaceId);
    } finally {
      await slow.close();
    }
  });
});
