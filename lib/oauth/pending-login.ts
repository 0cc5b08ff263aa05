import type { Redis } from "ioredis";
import { z } from "zod";
import type { SecretBox } from "@/lib/crypto/secret-box";

/**
 * What a login found, kept between the callback and the picker: the tokens never travel to the
 * browser (not in the page, not in a URL), only the id does. Sealed with the secret box and kept
 * in Redis until the state it came from would have expired; a lost Redis means starting again.
 */
const pendingSchema = z.object({
  userId: z.string(),
  workspaceId: z.string(),
  slug: z.string(),
  brandId: z.string(),
  kind: z.enum(["facebook", "instagram"]),
  channelId: z.string().optional(),
  sandbox: z.boolean(),
  granted: z.array(z.string()),
  checkedAt: z.number(),
  accounts: z.array(
    z.object({
      platform: z.enum(["INSTAGRAM", "FACEBOOK", "WHATSAPP"]),
      id: z.string(),
      name: z.string(),
      token: z.string(),
      tokenExpiresAt: z.number().optional(),
      note: z.string().optional(),
    }),
  ),
});

export type PendingLogin = z.infer<typeof pendingSchema>;

export type PendingDeps = { redis: Redis; box: SecretBox };

const key = (id: string) => `oauth:pending:${id}`;
const context = (id: string) => `oauth-pending:${id}`;

export async function savePendingLogin(deps: PendingDeps, id: string, pending: PendingLogin, ttlMs: number) {
  const sealed = deps.box.seal(JSON.stringify(pending), context(id));
  const stored = JSON.stringify({
    keyId: sealed.keyId,
    iv: Buffer.from(sealed.iv).toString("base64"),
    authTag: Buffer.from(sealed.authTag).toString("base64"),
    ciphertext: Buffer.from(sealed.ciphertext).toString("base64"),
  });
  await deps.redis.set(key(id), stored, "PX", Math.max(1, Math.round(ttlMs)));
}

function open(deps: PendingDeps, id: string, stored: string | null): PendingLogin | null {
  if (!stored) return null;
  const raw = JSON.parse(stored) as Record<string, string>;
  const bytes = (value: string | undefined) => new Uint8Array(Buffer.from(value ?? "", "base64"));
  const plain = deps.box.open(
    {
      keyId: raw.keyId ?? "",
      iv: bytes(raw.iv),
      authTag: bytes(raw.authTag),
      ciphertext: bytes(raw.ciphertext),
    },
    context(id),
  );
  return pendingSchema.parse(JSON.parse(plain));
}

/** The pending login, or null when it expired, was used or never existed. */
export async function peekPendingLogin(deps: PendingDeps, id: string): Promise<PendingLogin | null> {
  return open(deps, id, await deps.redis.get(key(id)));
}

/** Takes the pending login out, atomically: of two submits of the picker, one gets it. */
export async function takePendingLogin(deps: PendingDeps, id: string): Promise<PendingLogin | null> {
  return open(deps, id, await deps.redis.getdel(key(id)));
}
