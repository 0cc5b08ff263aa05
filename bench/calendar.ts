/**
 * The calendar's month view under a busy workspace: is the server's answer fast enough?
 *
 *   npm run bench:calendar [-- --requests 200]
 *
 * Recreates a database of its own (storyrelay_bench_calendar), seeds one workspace with three
 * brands in three zones (Berlin, New York, Tokyo), each with a sandbox channel per platform, and
 * 10,000 stories spread over four months (one frame and three targets each, mixed statuses:
 * ~2,500 in the benchmarked month). Then it starts the production build (`next start`, which must
 * be current: run `npm run build` first after changes) on a free port against that database,
 * signs in through Auth.js' credentials endpoint like the sign-in form does, and fetches the
 * month view (all brands, then one brand, then a status filter) sequentially, warm-up requests
 * excluded. It also times listCalendarStories in this process, without HTTP and rendering.
 *
 * Target: server response p95 ≤ 200 ms for the all-brands month view. Prints a table and, as the
 * last line, one JSON object; saves bench/results/calendar-latest.json.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { listCalendarStories } from "@/lib/calendar/list-calendar-stories";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
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

const DATABASE = "storyrelay_bench_calendar";
const STORIES = 10_000;
const FIRST_DAY = Date.UTC(2027, 0, 1);
const DAYS = 120;
const MONTH = "2027-02-01";
const WARM_UP = 20;
const REQUESTS = Number(argument("--requests") ?? 200);
const TARGET_P95_MS = 200;
/** Most stories are ahead; a realistic share has already gone out or was stopped. */
const STATUS_MIX: StoryStatus[] = [
  ...Array<StoryStatus>(14).fill("SCHEDULED"),
  "PUBLISHED",
  "PUBLISHED",
  "IN_REVIEW",
  "DRAFT",
  "FAILED",
  "CANCELED",
];

/** 10,000 stories with a frame and a target per channel, written in batches like a busy year would. */
async function seed() {
  const { workspace, ctx } = await makeWorkspace(db(), { name: "Calendar Bench" });
  const owner = await db().user.findUniqueOrThrow({ where: { id: ctx.userId ?? "" } });
  const box = secretBoxFromEnv(env());
  const brands = await Promise.all(
    ["Europe/Berlin", "America/New_York", "Asia/Tokyo"].map(async (timeZone) => {
      const brand = await makeBrand(db(), workspace.id, { name: `Bench ${timeZone}`, timeZone });
      return { brand, channels: await makeSandboxChannels(db(), box, brand) };
    }),
  );
  const media = await makeMediaAsset(db(), workspace.id, {
    kind: "IMAGE",
    bytes: jpeg(),
    mimeType: "image/jpeg",
  });
  const BATCH = 1_000;
  for (let start = 0; start < STORIES; start += BATCH) {
    const stories = Array.from({ length: Math.min(BATCH, STORIES - start) }, (_, i) => {
      const n = start + i;
      const { brand, channels } = brands[n % brands.length] as (typeof brands)[number];
      // Spread evenly over the days, at quarter hours between 06:00 and 22:00 UTC.
      const scheduledAt = new Date(
        FIRST_DAY + (n % DAYS) * 86_400_000 + (6 * 60 + ((n * 15) % (16 * 60))) * 60_000,
      );
      return {
        story: {
          id: randomUUID(),
          workspaceId: workspace.id,
          brandId: brand.id,
          authorId: owner.id,
          title: `Bench story ${n}`,
          status: STATUS_MIX[n % STATUS_MIX.length] as StoryStatus,
          scheduledAt,
          scheduledLocal: formatWallClock(wallClockAt(scheduledAt, brand.timeZone)),
          timeZone: brand.timeZone,
          freshnessDeadline: new Date(scheduledAt.getTime() + 2 * 3_600_000),
        },
        channels,
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
        channels.map((channel) => ({
          workspaceId: workspace.id,
          storyId: story.id,
          channelId: channel.id,
          state: story.status === "PUBLISHED" ? ("PUBLISHED" as const) : ("PENDING" as const),
        })),
      ),
    });
  }
  await db().$executeRawUnsafe("ANALYZE");
  return { ctx, email: owner.email, slug: workspace.slug, brandId: brands[0]?.brand.id ?? "" };
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
  console.log(`calendar benchmark: ${cpus().length} cores, load average ${loadavg().map(round2).join(" ")}`);
  console.log(`  database ${DATABASE} (recreated), ${STORIES} stories over ${DAYS} days from 2027-01-01`);

  await recreateDatabase(DATABASE, adminUrl, databaseUrl);
  const seedStarted = performance.now();
  const seeded = await seed();
  console.log(`  seeded in ${Math.round(performance.now() - seedStarted)} ms`);

  const { baseUrl, stop: stopWeb, web } = await startWeb();
  try {
    await waitUntilHealthy(`${baseUrl}/api/health`, web);
    const cookie = await signIn(baseUrl, seeded.email);
    const calendar = `${baseUrl}/w/${seeded.slug}/calendar?view=month&date=${MONTH}`;
    const time = (url: string) =>
      timeRequests(url, cookie, "Bench story", { warmUp: WARM_UP, requests: REQUESTS });
    const monthAll = await time(calendar);
    const monthBrand = await time(`${calendar}&brand=${seeded.brandId}`);
    const monthScheduled = await time(`${calendar}&status=SCHEDULED`);
    const listFunction = await timeFunction({ warmUp: WARM_UP, requests: REQUESTS }, () =>
      listCalendarStories(db(), seeded.ctx, { view: "month", date: MONTH }),
    );
    const page = await listCalendarStories(db(), seeded.ctx, { view: "month", date: MONTH });
    const inRange = page.days.reduce((sum, day) => sum + day.stories.length + day.more, 0);

    const rows: [string, Distribution][] = [
      ["GET month, all brands", monthAll],
      ["GET month, one brand", monthBrand],
      ["GET month, status=SCHEDULED", monthScheduled],
      ["listCalendarStories (in process)", listFunction],
    ];
    console.log(`\n  ${inRange} stories fall on the ${page.days.length} days of the month grid`);
    console.log(
      `  ${"".padEnd(34)}${["n", "p50 ms", "p95 ms", "max ms"].map((h) => h.padStart(9)).join("")}`,
    );
    for (const [name, d] of rows) {
      console.log(
        `  ${name.padEnd(34)}${[d.n, d.p50, d.p95, d.max].map((v) => String(v).padStart(9)).join("")}`,
      );
    }
    const pass = monthAll.p95 <= TARGET_P95_MS;
    console.log(`\n  target p95 ≤ ${TARGET_P95_MS} ms (all brands): ${pass ? "met" : "MISSED"}`);
    const result = {
      at: new Date().toISOString(),
      stories: STORIES,
      storiesInMonthGrid: inRange,
      requests: REQUESTS,
      warmUp: WARM_UP,
      cores: cpus().length,
      loadAverage: loadavg().map(round2),
      monthAllBrands: monthAll,
      monthOneBrand: monthBrand,
      monthScheduledOnly: monthScheduled,
      listFunction,
      targetP95Ms: TARGET_P95_MS,
      pass,
    };
    await saveResult("calendar-latest.json", result);
    if (!pass) process.exitCode = 1;
  } finally {
    stopWeb();
    await disconnectDb();
  }
}

await main();
