import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mediaStorageFrom } from "@/lib/media/storage-config";
import { hashPassword } from "@/lib/users/hash-password";
import { insightStorySpecs, makeInsightHistory, makeSandboxChannels } from "./factories";

/**
 * Demo data for a fresh install: "Demo Agency" (slug demo), its owner, two brands in different
 * time zones, each with a sandbox channel per platform and a few weeks of published sample stories
 * with sandbox insights (so the analytics pages and the best-time heatmap have something to show). Runs at every `npm start` and creates
 * nothing when the demo workspace exists, so the demo's own changes are kept.
 */

export const DEMO = {
  slug: "demo",
  workspaceName: "Demo Agency",
  email: "demo@storyrelay.local",
  name: "Demo Owner",
  brands: [
    { name: "Berlin Bakery", timeZone: "Europe/Berlin" },
    { name: "Brooklyn Coffee", timeZone: "America/New_York" },
  ],
  /** Six weeks of published stories per brand with sandbox numbers, so analytics has something to show. */
  history: { count: 48, days: 42 },
} as const;

const SAMPLE_TITLES = [
  "Morning bake",
  "New seasonal menu",
  "Behind the counter",
  "Weekend offer",
  "Meet the team",
  "Customer favourite",
  "Last call",
  "Fresh from the oven",
];

const CREDENTIALS_FILE = path.join(process.cwd(), ".data", "demo-credentials.json");

async function seed(): Promise<void> {
  const client = db();
  if (await client.workspace.findUnique({ where: { slug: DEMO.slug }, select: { id: true } })) {
    console.log(`Demo workspace "${DEMO.slug}" exists; nothing to seed.`);
    return;
  }
  const box = secretBoxFromEnv(env());
  // Memorable enough to type, random enough not to guess: 16 base64url characters, 96 bits.
  const password = randomBytes(12).toString("base64url");
  const made: {
    id: string;
    workspaceId: string;
    name: string;
    timeZone: string;
    channels: { id: string; platform: "INSTAGRAM" | "FACEBOOK" | "WHATSAPP" }[];
  }[] = [];
  await client.$transaction(async (tx) => {
    const owner = await tx.user.upsert({
      where: { email: DEMO.email },
      update: { passwordHash: await hashPassword(password) },
      create: { email: DEMO.email, name: DEMO.name, passwordHash: await hashPassword(password) },
    });
    const workspace = await tx.workspace.create({
      data: {
        name: DEMO.workspaceName,
        slug: DEMO.slug,
        memberships: { create: { userId: owner.id, role: "OWNER" } },
      },
    });
    for (const brandInput of DEMO.brands) {
      const brand = await tx.brand.create({ data: { workspaceId: workspace.id, ...brandInput } });
      const channels = await makeSandboxChannels(tx, box, brand);
      made.push({ ...brand, channels: channels.map((c) => ({ id: c.id, platform: c.platform })) });
    }
  });
  // Sample history, labelled as such on the analytics pages (sandbox channels' numbers are the
  // simulator's). After the transaction: each reading is stored through recordInsightSnapshot,
  // which runs its own.
  const storage = mediaStorageFrom(env());
  const now = new Date();
  for (const [index, brand] of made.entries()) {
    const specs = insightStorySpecs({ ...DEMO.history, now, timeZone: brand.timeZone, seed: 14 + index });
    await makeInsightHistory(
      client,
      brand,
      specs.map((spec, i) => ({ ...spec, title: `Sample: ${SAMPLE_TITLES[i % SAMPLE_TITLES.length]}` })),
      { now, channels: brand.channels, store: (key, bytes) => storage.put(key, bytes) },
    );
  }
  await mkdir(path.dirname(CREDENTIALS_FILE), { recursive: true });
  await writeFile(CREDENTIALS_FILE, `${JSON.stringify({ email: DEMO.email, password }, null, 2)}\n`, {
    mode: 0o600,
  });
  console.log(`Seeded "${DEMO.workspaceName}". Sign in as ${DEMO.email} (password in ${CREDENTIALS_FILE}).`);
}

seed()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
