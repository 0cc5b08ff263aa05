/**
 * Growth of data (docs/decisions/040-data-growth.md): do the hot queries over the tables that grow
 * with use stay fast at 10 million publish attempts, and what does the retention sweep cost?
 *
 *   npm run bench:growth [-- --rows 10000000 --runs 50 --prune-seconds 300]
 *
 * Recreates a database of its own (storyrelay_bench_growth) and seeds it in SQL (generate_series,
 * foreign-key triggers off for the seeding session, secondary indexes built after the rows):
 * `--rows` publish attempts (1 to 7 per target, 4 on average) of targets of stories spread over
 * the last 365 days in 100 workspaces, and in proportion webhook deliveries (rows/4), audit
 * entries (rows/5, half of them in one workspace, for deep pages), chat posts (rows/20) and
 * 100,000 idempotency keys. Then times each hot query `--runs` times with random arguments
 * (p50/p95/max) and records the index its plan uses; then runs the retention sweep
 * (lib/retention) batch by batch for at most `--prune-seconds` per kind, while a claim-like
 * insert (the claim's attempt numbering, max + 1) runs alongside: its p99 with and without the
 * sweep is the lock impact. Prints a table and, as the last line, one JSON object; saves
 * bench/results/data-growth-latest.json.
 */
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { db, disconnectDb } from "@/lib/db/client";
import { prunePublishAttempts } from "@/lib/retention/prune-publish-attempts";
import { pruneSentOutboxes } from "@/lib/retention/prune-sent-outboxes";
import { RETENTION_BATCH_SIZE } from "@/lib/retention/run-retention-sweep";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { saveResult } from "./support/save-result";
import { type Distribution, distribution, round1, round2 } from "./support/stats";

const DATABASE = "storyrelay_bench_growth";
const ROWS = Number(argument("--rows") ?? 10_000_000);
const RUNS = Number(argument("--runs") ?? 50);
const PRUNE_SECONDS = Number(argument("--prune-seconds") ?? 300);
const NOW = new Date("2026-12-01T12:00:00.000Z");
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 365;
const POLICY = { attemptDays: 90, deliveredDays: 30, failedDays: 90 };

const WORKSPACES = 100;
const BRANDS = WORKSPACES * 5;
const TARGETS = Math.max(2, Math.floor(ROWS / 4));
const STORIES = Math.floor(TARGETS / 2);
/** The newest stories' targets are still open (being published): the claim's targets. */
const OPEN_STORIES = Math.max(1, Math.floor(STORIES / 1000));
const DELIVERIES = Math.floor(ROWS / 4);
const AUDIT = Math.floor(ROWS / 5);
const CHAT = Math.floor(ROWS / 20);
const IDEMPOTENCY = 100_000;

/** Where the seeded rows hang, as the SQL below lays them out. */
const brandOfStory = (story: number) => story % BRANDS;
const workspaceOfBrand = (brand: number) => brand % WORKSPACES;
const workspaceOfTarget = (target: number) => `w${workspaceOfBrand(brandOfStory(Math.floor(target / 2)))}`;

/** mulberry32: the same arguments every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
  };
}

const SEED_SQL = {
  setup: `
    INSERT INTO "Workspace" (id, name, slug, "updatedAt")
      SELECT 'w' || w, 'Workspace ' || w, 'ws-' || w, $1 FROM generate_series(0, ${WORKSPACES - 1}) w;
    INSERT INTO "Brand" (id, "workspaceId", name, "timeZone", "updatedAt")
      SELECT 'b' || b, 'w' || (b % ${WORKSPACES}), 'Brand ' || b, 'Europe/Berlin', $1
        FROM generate_series(0, ${BRANDS - 1}) b;
    INSERT INTO "Channel" (id, "workspaceId", "brandId", platform, "externalAccountId", "displayName", "updatedAt")
      SELECT 'c' || c, 'w' || ((c / 2) % ${WORKSPACES}), 'b' || (c / 2),
             (CASE WHEN c % 2 = 0 THEN 'INSTAGRAM' ELSE 'FACEBOOK' END)::"Platform", 'acct-' || c, 'Channel ' || c, $1
        FROM generate_series(0, ${BRANDS * 2 - 1}) c;
    INSERT INTO "Webhook" (id, "workspaceId", url, events, "secretKeyId", "secretIv", "secretTag", "secretCiphertext", "updatedAt")
      SELECT 'wh' || w, 'w' || w, 'https://hooks.example.test/' || w, ARRAY['story.published'], 'k1',
             '\\x00'::bytea, '\\x00'::bytea, '\\x00'::bytea, $1 FROM generate_series(0, ${WORKSPACES - 1}) w;
    INSERT INTO "ChatWebhook" (id, "workspaceId", "urlHost", "urlTail", "urlKeyId", "urlIv", "urlTag", "urlCiphertext", kinds, "updatedAt")
      SELECT 'cw' || w, 'w' || w, 'chat.example.test', 'abcd', 'k1', '\\x00'::bytea, '\\x00'::bytea, '\\x00'::bytea,
             ARRAY[]::text[], $1 FROM generate_series(0, ${WORKSPACES - 1}) w;
    INSERT INTO "ApiKey" (id, "workspaceId", name, role, prefix, "keyHash", "updatedAt")
      SELECT 'k' || w, 'w' || w, 'Key ' || w, 'OWNER', 'sr_' || w, md5('key' || w), $1
        FROM generate_series(0, ${WORKSPACES - 1}) w`,
  // Story s goes out at a time growing with s over the last HISTORY_DAYS days.
  Story: `
    INSERT INTO "Story" (id, "workspaceId", "brandId", title, status, "scheduledAt", "publishedAt", "createdAt", "updatedAt")
      SELECT 's' || s, 'w' || ((s % ${BRANDS}) % ${WORKSPACES}), 'b' || (s % ${BRANDS}), 'Story ' || s,
             (CASE WHEN s >= ${STORIES - OPEN_STORIES} THEN 'PUBLISHING' ELSE 'PUBLISHED' END)::"StoryStatus",
             at, at, at, at
        FROM generate_series(0, ${STORIES - 1}) s,
             LATERAL (SELECT $1::timestamptz - make_interval(secs => (${STORIES - 1} - s)::float8 / ${STORIES} * ${HISTORY_DAYS * 86_400}) AS at) t`,
  StoryTarget: `
    INSERT INTO "StoryTarget" (id, "workspaceId", "storyId", "channelId", state, "publishedAt", "createdAt", "updatedAt")
      SELECT 't' || t, 'w' || (((t / 2) % ${BRANDS}) % ${WORKSPACES}), 's' || (t / 2),
             'c' || (((t / 2) % ${BRANDS}) * 2 + t % 2),
             (CASE WHEN t / 2 >= ${STORIES - OPEN_STORIES} THEN 'PENDING'
                   WHEN t % 100 < 90 THEN 'PUBLISHED' WHEN t % 100 < 97 THEN 'FAILED' ELSE 'EXPIRED' END)::"TargetState",
             NULL, $1, $1
        FROM generate_series(0, ${STORIES * 2 - 1}) t`,
  // 1 to 7 attempts per target (waits for a container, retries), 4 on average, a minute apart.
  PublishAttempt: `
    INSERT INTO "PublishAttempt" (id, "workspaceId", "targetId", "attemptNumber", outcome, "errorClass", "errorMessage", detail, "startedAt", "finishedAt")
      SELECT 'a' || t || '-' || n, 'w' || (((t / 2) % ${BRANDS}) % ${WORKSPACES}), 't' || t, n,
             (CASE WHEN n = k THEN 'SUCCEEDED' ELSE 'RETRY_SCHEDULED' END)::"AttemptOutcome",
             (CASE WHEN n = k THEN NULL ELSE 'RETRYABLE' END)::"ErrorClass",
             CASE WHEN n = k THEN NULL ELSE 'The platform is still processing the video.' END,
             '{"steps":[{"step":"create_container","ms":180},{"step":"publish","ms":240}]}'::jsonb,
             at + make_interval(mins => n), at + make_interval(mins => n, secs => 2)
        FROM generate_series(0, ${STORIES * 2 - 1}) t,
             LATERAL (SELECT (1 + (t::int8 * 7919) % 7)::int AS k,
                             $1::timestamptz - make_interval(secs => (${STORIES - 1} - t / 2)::float8 / ${STORIES} * ${HISTORY_DAYS * 86_400}) AS at) x,
             LATERAL generate_series(1, k) n`,
  WebhookDelivery: `
    INSERT INTO "WebhookDelivery" (id, "workspaceId", "webhookId", "eventId", "eventType", payload, status, attempts, "nextAttemptAt", "deliveredAt", "createdAt", "updatedAt")
      SELECT 'd' || d, 'w' || (d % ${WORKSPACES}), 'wh' || (d % ${WORKSPACES}), 'evt-' || d, 'story.published',
             '{"story":{"id":"s1","status":"PUBLISHED"}}'::jsonb,
             (CASE WHEN d >= ${DELIVERIES - 200} THEN 'PENDING' WHEN d % 50 = 0 THEN 'FAILED' ELSE 'DELIVERED' END)::"WebhookDeliveryStatus",
             1, CASE WHEN d >= ${DELIVERIES - 200} THEN $1::timestamptz + make_interval(secs => (d % 120) - 60) END,
             CASE WHEN d < ${DELIVERIES - 200} AND d % 50 <> 0 THEN at END, at, at
        FROM generate_series(0, ${DELIVERIES - 1}) d,
             LATERAL (SELECT $1::timestamptz - make_interval(secs => (${DELIVERIES - 1} - d)::float8 / ${DELIVERIES} * ${HISTORY_DAYS * 86_400}) AS at) x`,
  // Half the trail in workspace w0: its deep pages are what a big agency's auditor reads.
  AuditLog: `
    INSERT INTO "AuditLog" (id, "workspaceId", action, "entityType", "entityId", data, "createdAt", "brandId")
      SELECT 'al' || i, CASE WHEN i % 2 = 0 THEN 'w0' ELSE 'w' || (i % ${WORKSPACES}) END, 'story.schedule', 'story',
             's' || i, '{"channels":2}'::jsonb,
             $1::timestamptz - make_interval(secs => (${AUDIT - 1} - i)::float8 / ${AUDIT} * ${HISTORY_DAYS * 86_400}),
             'b' || (i % ${BRANDS})
        FROM generate_series(0, ${AUDIT - 1}) i`,
  ChatMessage: `
    INSERT INTO "ChatMessage" (id, "workspaceId", "chatWebhookId", kind, text, status, "deliveredAt", "createdAt", "updatedAt")
      SELECT 'cm' || i, 'w' || (i % ${WORKSPACES}), 'cw' || (i % ${WORKSPACES}), 'story.failed', 'A story failed on Instagram.',
             (CASE WHEN i % 50 = 0 THEN 'FAILED' ELSE 'DELIVERED' END)::"WebhookDeliveryStatus", at, at, at
        FROM generate_series(0, ${CHAT - 1}) i,
             LATERAL (SELECT $1::timestamptz - make_interval(secs => (${CHAT - 1} - i)::float8 / ${CHAT} * ${HISTORY_DAYS * 86_400}) AS at) x`,
  IdempotencyKey: `
    INSERT INTO "IdempotencyKey" (id, "workspaceId", "apiKeyId", key, method, path, "requestHash", "responseStatus", "responseBody", "createdAt", "expiresAt")
      SELECT 'ik' || i, 'w' || (i % ${WORKSPACES}), 'k' || (i % ${WORKSPACES}), 'key-' || i, 'POST', '/api/v1/stories',
             md5(i::text), 201, '{"id":"s1"}'::jsonb, created, created + interval '24 hours'
        FROM generate_series(0, ${IDEMPOTENCY - 1}) i,
             LATERAL (SELECT $1::timestamptz - make_interval(secs => (${IDEMPOTENCY - 1} - i)::float8 / ${IDEMPOTENCY} * 86400) AS created) x`,
};

type Seeded = { table: string; rows: number; insertS: number; indexS: number };

/**
 * Inserts one table's rows with its plain secondary indexes dropped, then builds them again from
 * the definitions the migrations made: a bulk load's usual order, minutes faster than row-by-row
 * index upkeep. Unique indexes stay (composite foreign keys of other tables hang on them).
 */
async function seedTable(client: pg.Client, table: keyof typeof SEED_SQL): Promise<Seeded> {
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes i
      WHERE tablename = $1 AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
    [table],
  );
  for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
  let started = performance.now();
  const inserted = await client.query(SEED_SQL[table], [NOW]);
  const insertS = (performance.now() - started) / 1000;
  started = performance.now();
  for (const index of indexes) await client.query(index.indexdef);
  await client.query(`VACUUM ANALYZE "${table}"`);
  const indexS = (performance.now() - started) / 1000;
  const result = { table, rows: inserted.rowCount ?? 0, insertS: round1(insertS), indexS: round1(indexS) };
  console.log(`  seeded ${table}: ${result.rows} rows in ${result.insertS} s, indexes ${result.indexS} s`);
  return result;
}

async function seed(databaseUrl: string): Promise<Seeded[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Foreign keys are triggers: off for this session only, the rows are laid out consistent.
    await client.query("SET session_replication_role = replica");
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query("SET synchronous_commit = off");
    for (const statement of SEED_SQL.setup.split(";")) await client.query(statement, [NOW]);
    const seeded: Seeded[] = [];
    for (const table of [
      "Story",
      "StoryTarget",
      "PublishAttempt",
      "WebhookDelivery",
      "AuditLog",
      "ChatMessage",
      "IdempotencyKey",
    ] as const) {
      seeded.push(await seedTable(client, table));
    }
    return seeded;
  } finally {
    await client.end();
  }
}

type Query = { name: string; sql: string; args: (pick: (below: number) => number) => unknown[] };

/** A target whose story is published (older than the open ones). */
const finishedTarget = (pick: (below: number) => number) => pick((STORIES - OPEN_STORIES) * 2);

async function auditCursorAt(client: pg.Client, depth: number): Promise<{ c: Date; i: string }> {
  const { rows } = await client.query<{ c: Date; i: string }>(
    `SELECT "createdAt" AS c, id AS i FROM "AuditLog" WHERE "workspaceId" = 'w0'
      ORDER BY "createdAt" DESC, id DESC OFFSET $1 LIMIT 1`,
    [depth],
  );
  if (!rows[0]) throw new Error("no audit entry at that depth");
  return rows[0];
}

/** The hot queries, as the code sends them (Prisma's shape where Prisma builds them). */
function hotQueries(deepCursor: { c: Date; i: string }): Query[] {
  const target = (pick: (below: number) => number) => {
    const t = finishedTarget(pick);
    return [workspaceOfTarget(t), `t${t}`];
  };
  return [
    {
      name: "claim: next attempt number (max + 1)",
      sql: `SELECT COALESCE(max(pa."attemptNumber"), 0) + 1 FROM "PublishAttempt" pa
             WHERE pa."workspaceId" = $1 AND pa."targetId" = $2`,
      args: target,
    },
    {
      name: "claim before: attempt number (count + 1)",
      sql: `SELECT count(*)::int + 1 FROM "PublishAttempt" pa WHERE pa."workspaceId" = $1 AND pa."targetId" = $2`,
      args: target,
    },
    {
      name: "story page: attempt log of its targets",
      sql: `SELECT id, "targetId", "attemptNumber", outcome, "errorClass", "errorCode", "errorMessage", "startedAt", "finishedAt"
              FROM "PublishAttempt" WHERE "workspaceId" = $1 AND "targetId" = ANY($2)
             ORDER BY "startedAt" DESC, "attemptNumber" DESC`,
      args: (pick) => {
        const story = Math.floor(finishedTarget(pick) / 2);
        return [workspaceOfTarget(story * 2), [`t${story * 2}`, `t${story * 2 + 1}`]];
      },
    },
    {
      name: "export: a workspace's attempts, a page of 500 by id",
      sql: `SELECT * FROM "PublishAttempt" WHERE "workspaceId" = $1 AND id > $2 ORDER BY id LIMIT 500`,
      args: (pick) => [`w${pick(WORKSPACES)}`, `a${pick(TARGETS)}`],
    },
    {
      name: "audit log: first page (50)",
      sql: `SELECT * FROM "AuditLog" WHERE "workspaceId" = 'w0' ORDER BY "createdAt" DESC, id DESC LIMIT 51`,
      args: () => [],
    },
    {
      name: "audit log: deep page, Prisma's OR cursor",
      sql: `SELECT * FROM "AuditLog" WHERE "workspaceId" = 'w0'
               AND ("createdAt" < $1 OR ("createdAt" = $1 AND id < $2))
             ORDER BY "createdAt" DESC, id DESC LIMIT 51`,
      args: () => [deepCursor.c, deepCursor.i],
    },
    {
      name: "audit log: deep page, cursor bounded (createdAt <=)",
      sql: `SELECT * FROM "AuditLog" WHERE "workspaceId" = 'w0' AND "createdAt" <= $1
               AND ("createdAt" < $1 OR ("createdAt" = $1 AND id < $2))
             ORDER BY "createdAt" DESC, id DESC LIMIT 51`,
      args: () => [deepCursor.c, deepCursor.i],
    },
    {
      name: "webhooks: pending deliveries due (sweep)",
      sql: `SELECT id, attempts FROM "WebhookDelivery" WHERE status = 'PENDING' AND "nextAttemptAt" <= $1
             ORDER BY "nextAttemptAt" LIMIT 500`,
      args: () => [NOW],
    },
    {
      name: "webhooks: an endpoint's delivery log (50)",
      sql: `SELECT id, "eventId", "eventType", status, attempts, "createdAt" FROM "WebhookDelivery"
             WHERE "workspaceId" = $1 AND "webhookId" = $2 ORDER BY "createdAt" DESC LIMIT 50`,
      args: (pick) => {
        const w = pick(WORKSPACES);
        return [`w${w}`, `wh${w}`];
      },
    },
    {
      name: "idempotency: key lookup",
      sql: `SELECT * FROM "IdempotencyKey" WHERE "apiKeyId" = $1 AND key = $2`,
      args: (pick) => {
        const i = pick(IDEMPOTENCY);
        return [`k${i % WORKSPACES}`, `key-${i}`];
      },
    },
  ];
}

type Timed = Distribution & { name: string; plan: string; indexes: string[] };

async function timeQuery(client: pg.Client, query: Query): Promise<Timed> {
  const pick = seeded(42);
  const { rows: plan } = await client.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
    query.args(seeded(7)),
  );
  const lines = plan.map((row) => row["QUERY PLAN"]);
  const indexes = [
    ...new Set(
      lines.flatMap((line) =>
        [...line.matchAll(/(?: using|Bitmap Index Scan on) (\S+)/g)].map((m) => m[1] ?? ""),
      ),
    ),
  ];
  const scans = lines.filter((line) => /Scan|Sort|Limit|Aggregate/.test(line)).map((line) => line.trim());
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const args = query.args(pick);
    const started = performance.now();
    await client.query(query.sql, args);
    samples.push(performance.now() - started);
  }
  return { name: query.name, ...distribution(samples), indexes, plan: scans.slice(0, 4).join(" / ") };
}

/**
 * What the claim does to the attempt log, over and over until stopped: an attempt numbered after
 * the target's highest, for an open target. Its latencies while the sweep deletes are the lock impact.
 */
function claimLoop(client: pg.Client) {
  const pick = seeded(99);
  const samples: number[] = [];
  let stopped = false;
  let n = 0;
  const done = (async () => {
    while (!stopped) {
      const t = (STORIES - OPEN_STORIES) * 2 + pick(OPEN_STORIES * 2);
      const started = performance.now();
      await client.query(
        `INSERT INTO "PublishAttempt" (id, "workspaceId", "targetId", "attemptNumber", outcome, detail, "startedAt")
         SELECT $1, $2, $3, COALESCE(max(pa."attemptNumber"), 0) + 1, 'IN_PROGRESS', '{}', now()
           FROM "PublishAttempt" pa WHERE pa."workspaceId" = $2 AND pa."targetId" = $3`,
        [
          `bench-claim-${process.pid}-${n++}-${randomBytes(3).toString("hex")}`,
          workspaceOfTarget(t),
          `t${t}`,
        ],
      );
      samples.push(performance.now() - started);
    }
  })();
  return {
    async stop(): Promise<Distribution> {
      stopped = true;
      await done;
      return distribution(samples);
    },
  };
}

async function waitMs(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

type PruneResult = {
  kind: string;
  batches: number;
  scanned: number;
  deleted: number;
  seconds: number;
  deletedPerSecond: number;
  batchMs: Distribution;
  finished: boolean;
  claimDuring: Distribution;
};

/** Runs a prune one batch per call until it is done or PRUNE_SECONDS pass, the claim loop alongside. */
async function timePrune(
  kind: string,
  claims: pg.Client,
  batch: () => Promise<{ scanned: number; deleted: number; done: boolean }>,
): Promise<PruneResult> {
  const loop = claimLoop(claims);
  const batchMs: number[] = [];
  let scanned = 0;
  let deleted = 0;
  let finished = false;
  const started = performance.now();
  while (performance.now() - started < PRUNE_SECONDS * 1000) {
    const t0 = performance.now();
    const result = await batch();
    batchMs.push(performance.now() - t0);
    scanned += result.scanned;
    deleted += result.deleted;
    if (result.done) {
      finished = true;
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const claimDuring = await loop.stop();
  return {
    kind,
    batches: batchMs.length,
    scanned,
    deleted,
    seconds: round1(seconds),
    deletedPerSecond: Math.round(deleted / seconds),
    batchMs: distribution(batchMs),
    finished,
    claimDuring,
  };
}

async function tableSizes(client: pg.Client, tables: string[]) {
  const sizes: Record<string, { rows: number; totalMb: number }> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ rows: string; bytes: string }>(
      `SELECT (SELECT count(*) FROM "${table}") AS rows, pg_total_relation_size('"${table}"') AS bytes`,
    );
    sizes[table] = { rows: Number(rows[0]?.rows), totalMb: Math.round(Number(rows[0]?.bytes) / 1_048_576) };
  }
  return sizes;
}

const pad = (value: unknown, width: number) => String(value).padEnd(width);
const padStart = (value: unknown, width: number) => String(value).padStart(width);

async function main(): Promise<void> {
  const { databaseUrl, adminUrl } = databaseUrls(DATABASE);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
  });
  console.log(
    `data growth benchmark: ${cpus().length} cores, load average ${loadavg().map(round2).join(" ")}`,
  );
  console.log(`  database ${DATABASE} (recreated), ${ROWS} publish attempts wanted, ${RUNS} runs per query`);
  await recreateDatabase(DATABASE, adminUrl, databaseUrl);
  const seedStarted = performance.now();
  const seeded = await seed(databaseUrl);
  const seedSeconds = round1((performance.now() - seedStarted) / 1000);
  console.log(`  seeding took ${seedSeconds} s`);

  const client = new pg.Client({ connectionString: databaseUrl });
  const claims = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await claims.connect();
  try {
    const grown = [
      "PublishAttempt",
      "StoryTarget",
      "WebhookDelivery",
      "AuditLog",
      "ChatMessage",
      "IdempotencyKey",
    ];
    const sizesBefore = await tableSizes(client, grown);
    const auditDepth = Math.floor(AUDIT / 2 / 2);
    const deepCursor = await auditCursorAt(client, auditDepth);
    const queries: Timed[] = [];
    for (const query of hotQueries(deepCursor)) queries.push(await timeQuery(client, query));

    console.log("");
    console.log(`hot queries (${RUNS} runs each; deep audit page at entry ${auditDepth} of workspace w0)`);
    console.log(
      `  ${pad("query", 56)} ${padStart("p50 ms", 8)} ${padStart("p95 ms", 8)} ${padStart("max ms", 8)}  index`,
    );
    for (const q of queries) {
      console.log(
        `  ${pad(q.name, 56)} ${padStart(q.p50, 8)} ${padStart(q.p95, 8)} ${padStart(q.max, 8)}  ${q.indexes.join(", ") || "(none)"}`,
      );
    }

    // The claim alone for as long as a prune batch run would take, as the baseline of its p99.
    const baseline = claimLoop(claims);
    await waitMs(Math.min(PRUNE_SECONDS, 20) * 1000);
    const claimAlone = await baseline.stop();

    const attemptsCutoff = new Date(NOW.getTime() - POLICY.attemptDays * DAY_MS);
    const { rows: older } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "PublishAttempt" WHERE "startedAt" < $1`,
      [attemptsCutoff],
    );
    let cursor: { startedAt: Date; id: string } | null = null;
    const attempts = await timePrune("publish attempts", claims, async () => {
      const result = await prunePublishAttempts(
        { db: db() },
        { before: attemptsCutoff, batchSize: RETENTION_BATCH_SIZE, maxBatches: 1, after: cursor },
      );
      cursor = result.next;
      return { scanned: result.scanned, deleted: result.deleted, done: result.next === null };
    });
    const outboxes = await timePrune("webhook deliveries and chat posts", claims, async () => {
      const result = await pruneSentOutboxes(
        { db: db() },
        {
          deliveredBefore: new Date(NOW.getTime() - POLICY.deliveredDays * DAY_MS),
          failedBefore: new Date(NOW.getTime() - POLICY.failedDays * DAY_MS),
          batchSize: RETENTION_BATCH_SIZE,
          maxBatches: 1,
        },
      );
      const deleted = result.deleted.WebhookDelivery + result.deleted.ChatMessage;
      return { scanned: deleted, deleted, done: result.done };
    });
    const olderThanCutoff = Number(older[0]?.n);
    const fullPassMinutes = round1(olderThanCutoff / (attempts.scanned / attempts.seconds) / 60);

    console.log("");
    console.log(`retention sweep, batches of ${RETENTION_BATCH_SIZE}, at most ${PRUNE_SECONDS} s per kind`);
    console.log(
      `  claim-like insert alone:            p50 ${claimAlone.p50} ms, p99 ${claimAlone.p99} ms, max ${claimAlone.max} ms (${claimAlone.n})`,
    );
    for (const prune of [attempts, outboxes]) {
      console.log(
        `  ${pad(prune.kind, 34)} ${prune.deleted} deleted of ${prune.scanned} looked at in ${prune.seconds} s (${prune.deletedPerSecond}/s, ${prune.finished ? "pass done" : "stopped at the time limit"}); batch p50 ${prune.batchMs.p50} ms, p95 ${prune.batchMs.p95} ms, max ${prune.batchMs.max} ms`,
      );
      console.log(
        `  ${pad("  claim-like insert meanwhile:", 34)} p50 ${prune.claimDuring.p50} ms, p99 ${prune.claimDuring.p99} ms, max ${prune.claimDuring.max} ms (${prune.claimDuring.n})`,
      );
    }
    console.log(
      `  attempts older than ${POLICY.attemptDays} days at the start: ${olderThanCutoff}; a whole pass at this rate: ${fullPassMinutes} min`,
    );
    const sizesAfter = await tableSizes(client, grown);
    console.log("");
    console.log("table sizes (rows, MB with indexes), before → after the timed sweep");
    for (const table of grown) {
      console.log(
        `  ${pad(table, 18)} ${padStart(sizesBefore[table]?.rows, 10)} ${padStart(sizesBefore[table]?.totalMb, 7)} MB → ${padStart(sizesAfter[table]?.rows, 10)} ${padStart(sizesAfter[table]?.totalMb, 7)} MB`,
      );
    }

    await saveResult("data-growth-latest.json", {
      bench: "data-growth",
      at: new Date().toISOString(),
      cores: cpus().length,
      loadAverage: loadavg().map(round2),
      rowsWanted: ROWS,
      runsPerQuery: RUNS,
      seedSeconds,
      seeded,
      sizesBefore,
      queries,
      auditDepth,
      retention: {
        policy: POLICY,
        batchSize: RETENTION_BATCH_SIZE,
        pruneSecondsLimit: PRUNE_SECONDS,
        attemptsOlderThanCutoff: olderThanCutoff,
        fullPassMinutes,
        claimAlone,
        attempts,
        outboxes,
      },
      sizesAfter,
    });
  } finally {
    await client.end();
    await claims.end();
    await disconnectDb();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
