import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { hashPassword } from "@/lib/users/hash-password";
import { makeSandboxChannels } from "./factories";

/**
 * Demo data for a fresh install: "Demo Agency" (slug demo), its owner, two brands in different
 * time zones, each with a sandbox channel per platform. Runs at every `npm start` and creates
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
} as const;

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
      await makeSandboxChannels(tx, box, brand);
    }
  });
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
