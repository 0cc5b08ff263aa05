/**
 * The review queue page with 2,000 stories waiting: is the server's answer fast enough?
 *
 *   npm run bench:reviews [-- --requests 200]
 *
 * Recreates a database of its own (storyrelay_bench_reviews) and seeds one workspace with three
 * brands, one per approval policy that needs review (team; team, not the author; team and client),
 * 2,000 stories waiting for review (written by an editor; one in ten back in review after an
 * approval of an earlier version, with its content snapshot, so the queue computes what changed;
 * one in twenty sent back; one in twenty overdue) among 8,000 others in other statuses. Then it
 * starts the production build (`next start`: run `npm run build` first after changes), signs in as
 * the owner and fetches /w/<slug>/reviews (the first page of 50) and its second page (?after=)
 * sequentially, warm-up excluded. It also times listStoriesToReview in this process, without
 * HTTP and rendering.
 *
 * Target: server response p95 ≤ 200 ms, for both pages. Prints a table and, as the last line,
 * one JSON object; saves bench/results/reviews-latest.json.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { ApprovalPolicy } from "@/lib/core/approval-policy";
import type { StorySnapshot } from "@/lib/core/story-snapshot";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { listStoriesToReview } from "@/lib/stories/list-stories-to-review";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeUser,
  makeWorkspace,
} from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { saveResult } from "./support/save-result";
import { type Distribution, round2 } from "./support/stats";
import {
  assertProductionBuild,
  signIn,
  startWeb,
  timeFunction,
  timeRequests,
  waitUntilHealthy,
} from "./support/web-bench";

const DATABASE = "storyrelay_bench_reviews";
const WAITING = 2_000;
const OTHERS = 8_000;
const WARM_UP = 20;
const REQUESTS = Number(argument("--requests") ?? 200);
const TARGET_P95_MS = 200;
const POLICIES: ApprovalPolicy[] = ["TEAM", "TEAM_NOT_AUTHOR", "TEAM_AND_CLIENT"];
const OTHER_STATUSES: StoryStatus[] = [
  "SCHEDULED",
  "SCHEDULED",
  "SCHEDULED",
  "PUBLISHED",
  "DRAFT",
  "CANCELED",
];

async function seed() {
  const { workspace, ctx } = await makeWorkspace(db(), { name: "Reviews Bench" });
  const owner = await db().user.findUniqueOrThrow({ where: { id: ctx.userId ?? "" } });
  const editor = await makeUser(db(), { name: "Bench Editor" });
  await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  const box = secretBoxFromEnv(env());
  const brands = await Promise.all(
    POLICIES.map(async (approvalPolicy) => {
      const brand = await makeBrand(db(), workspace.id, { name: `Bench ${approvalPolicy}`, approvalPolicy });
      return { brand, channels: await makeSandboxChannels(db(), box, brand) };
    }),
  );
  const media = await makeMediaAsset(db(), workspace.id, {
    kind: "IMAGE",
    bytes: jpeg(),
    mimeType: "image/jpeg",
  });
  const start = Date.now() - 2 * 86_400_000;
  const BATCH = 1_000;
  const total = WAITING + OTHERS;
  for (let first = 0; first < total; first += BATCH) {
    const stories = Array.from({ length: Math.min(BATCH, total - first) }, (_, i) => {
      const n = first + i;
      const waiting = n % 5 === 0;
      const { brand, channels } = brands[n % brands.length] as (typeof brands)[number];
      const scheduledAt = new Date(start + n * 15 * 60_000);
      const reapproval = waiting && n % 50 === 0;
      return {
        n,
        waiting,
        reapproval,
        brand,
        channels,
        story: {
          id: randomUUID(),
          workspaceId: workspace.id,
          brandId: brand.id,
          authorId: editor.id,
          title: `Bench story ${n}`,
          status: waiting
            ? ("IN_REVIEW" as const)
            : (OTHER_STATUSES[n % OTHER_STATUSES.length] as StoryStatus),
          version: reapproval ? 2 : 1,
          scheduledAt,
          scheduledLocal: formatWallClock(wallClockAt(scheduledAt, brand.timeZone)),
          timeZone: brand.timeZone,
          freshnessDeadline: new Date(scheduledAt.getTime() + 2 * 3_600_000),
          reviewOverdueAt: waiting && scheduledAt.getTime() < Date.now() ? scheduledAt : null,
        },
      };
    });
    await db().story.createMany({ data: stories.map((s) => s.story) });
    await db().storyFrame.createMany({
      data: stories.map(({ story }) => ({
        workspaceId: workspace.id,
        storyId: story.id,
        position: 0,
        mediaAssetId: media.id,
      })),
    });
    await db().storyTarget.createMany({
      data: stories.flatMap(({ story, channels }) =>
        channels.map((channel) => ({ workspaceId: workspace.id, storyId: story.id, channelId: channel.id })),
      ),
    });
    const approvals = stories.flatMap(
      ({ n, waiting, reapproval, story, channels }): Prisma.ApprovalCreateManyInput[] => {
        if (reapproval) {
          // Approved as version 1 with another title: the queue shows what changed since.
          const snapshot: StorySnapshot = {
            title: `Bench story ${n} (first cut)`,
            caption: null,
            frames: [
              {
                mediaAssetId: media.id,
                mediaName: media.originalName,
                kind: "IMAGE",
                text: null,
                backgroundColor: null,
                stickers: [],
              },
            ],
            channels: channels.map((c) => ({
              channelId: c.id,
              name: c.displayName,
              caption: null,
              frames: null,
            })),
            scheduledLocal: story.scheduledLocal,
            timeZone: story.timeZone,
          };
          return [
            {
              workspaceId: workspace.id,
              storyId: story.id,
              storyVersion: 1,
              reviewerId: owner.id,
              decision: "APPROVED" as const,
              contentSnapshot: snapshot,
            },
          ];
        }
        if (waiting && n % 100 === 5) {
          return [
            {
              workspaceId: workspace.id,
              storyId: story.id,
              storyVersion: 1,
              reviewerId: owner.id,
              decision: "CHANGES_REQUESTED" as const,
              note: "Brighter",
            },
          ];
        }
        return [];
      },
    );
    if (approvals.length > 0) await db().approval.createMany({ data: approvals });
  }
  await db().$executeRawUnsafe("ANALYZE");
  return { ctx, email: owner.email, slug: workspace.slug };
}

async function main(): Promise<void> {
  const { databaseUrl, adminUrl } = databaseUrls(DATABASE);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
  });
  assertProductionBuild();
  console.log(`reviews benchmark: ${cpus().length} cores, load average ${loadavg().map(round2).join(" ")}`);
  console.log(
    `  database ${DATABASE} (recreated), ${WAITING} stories waiting for review among ${WAITING + OTHERS}`,
  );

  await recreateDatabase(DATABASE, adminUrl, databaseUrl);
  const seedStarted = performance.now();
  const seeded = await seed();
  console.log(`  seeded in ${Math.round(performance.now() - seedStarted)} ms`);

  const { baseUrl, stop, web } = await startWeb();
  try {
    await waitUntilHealthy(`${baseUrl}/api/health`, web);
    const cookie = await signIn(baseUrl, seeded.email);
    const runs = { warmUp: WARM_UP, requests: REQUESTS };
    const page = await timeRequests(`${baseUrl}/w/${seeded.slug}/reviews`, cookie, "Bench story", runs);
    const queue = await listStoriesToReview(db(), seeded.ctx);
    // Timed too: a later page should cost what the first does (the cursor only moves its start).
    const secondPage = await timeRequests(
      `${baseUrl}/w/${seeded.slug}/reviews?after=${encodeURIComponent(queue.nextCursor ?? "")}`,
      cookie,
      "Bench story",
      runs,
    );
    const listFunction = await timeFunction(runs, () => listStoriesToReview(db(), seeded.ctx));
    const rows: [string, Distribution][] = [
      ["GET /reviews", page],
      ["GET /reviews?after= (page 2)", secondPage],
      ["listStoriesToReview (in process)", listFunction],
    ];
    console.log(
      `\n  the queue's first page lists ${queue.stories.length} of ${queue.total} (next page: ${queue.nextCursor !== null}), ${queue.stories.filter((s) => s.changedSince).length} with changes since an approval`,
    );
    console.log(
      `  ${"".padEnd(34)}${["n", "p50 ms", "p95 ms", "max ms"].map((h) => h.padStart(9)).join("")}`,
    );
    for (const [name, d] of rows) {
      console.log(
        `  ${name.padEnd(34)}${[d.n, d.p50, d.p95, d.max].map((v) => String(v).padStart(9)).join("")}`,
      );
    }
    const pass = page.p95 <= TARGET_P95_MS && secondPage.p95 <= TARGET_P95_MS;
    console.log(`\n  target p95 ≤ ${TARGET_P95_MS} ms: ${pass ? "met" : "MISSED"}`);
    const result = {
      at: new Date().toISOString(),
      waiting: WAITING,
      stories: WAITING + OTHERS,
      listed: queue.stories.length,
      total: queue.total,
      requests: REQUESTS,
      warmUp: WARM_UP,
      cores: cpus().length,
      loadAverage: loadavg().map(round2),
      reviewsPage: page,
      reviewsSecondPage: secondPage,
      listFunction,
      targetP95Ms: TARGET_P95_MS,
      pass,
    };
    await saveResult("reviews-latest.json", result);
    if (!pass) process.exitCode = 1;
  } finally {
    stop();
    await disconnectDb();
  }
}

await main();
