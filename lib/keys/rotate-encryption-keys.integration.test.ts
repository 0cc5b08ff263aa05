import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { beginTwoFactorEnrolment } from "@/lib/auth/begin-two-factor-enrolment";
import { readTwoFactor } from "@/lib/auth/two-factor-secret";
import { readCredentials } from "@/lib/channels/read-credentials";
import { createSecretBox, type SecretBox } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { chatUrlContext, openChatUrl } from "@/lib/notifications/post-chat";
import { webhookSecretContext } from "@/lib/webhooks/create-webhook";
import { makeBrand, makeSandboxChannels, makeUser, makeWorkspace } from "@/prisma/factories";
import { rotateEncryptionKeys } from "./rotate-encryption-keys";
import { SEALED_TABLES } from "./sealed-tables";

// The test database is shared with other files, whose rows are sealed with the test key (env).
// So the rotation here goes *to* that key, from a key of this test's own: only this test's rows
// are off the current key, and nothing another file reads changes.
const current = () => ({ id: env().ENCRYPTION_KEY_ID, key: Buffer.from(env().ENCRYPTION_KEY, "base64") });

function oldKey() {
  return { id: `old-${randomUUID().slice(0, 8)}`, key: randomBytes(32) };
}

/** Secrets in every sealed table, sealed with `box` (an old key), and how to read each back. */
async function secretsSealedWith(box: SecretBox) {
  const { workspace, ownerId } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id);
  const [channel] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
  if (!channel) throw new Error("no channel");
  const webhookId = randomUUID();
  const webhookSecret = `whsec_${randomUUID()}`;
  const w = box.seal(webhookSecret, webhookSecretContext(webhookId));
  await db().webhook.create({
    data: {
      id: webhookId,
      workspaceId: workspace.id,
      url: "https://hooks.example.test/in",
      events: ["story.published"],
      secretKeyId: w.keyId,
      secretIv: w.iv,
      secretTag: w.authTag,
      secretCiphertext: w.ciphertext,
    },
  });
  const chatUrl = `https://chat.example.test/hooks/${randomUUID()}`;
  const c = box.seal(chatUrl, chatUrlContext(workspace.id));
  await db().chatWebhook.create({
    data: {
      workspaceId: workspace.id,
      urlHost: "chat.example.test",
      urlTail: chatUrl.slice(-4),
      urlKeyId: c.keyId,
      urlIv: c.iv,
      urlTag: c.authTag,
      urlCiphertext: c.ciphertext,
      kinds: [],
    },
  });
  const pairingId = randomUUID();
  const p = box.seal("gateway-api-key", pairingId);
  await db().whatsAppPairing.create({
    data: {
      id: pairingId,
      workspaceId: workspace.id,
      brandId: brand.id,
      userId: ownerId,
      gatewayUrl: "https://gateway.example.test",
      session: "default",
      ...p,
      state: "STARTING",
      expiresAt: new Date(Date.now() + 15 * 60_000),
    },
  });
  const user = await makeUser(db());
  const { secret: totpSecret } = await beginTwoFactorEnrolment({ db: db(), box }, user);
  const credentials = await readCredentials(db(), box, channel);

  const keyIds = async () => ({
    channel: (await db().channelCredential.findUniqueOrThrow({ where: { channelId: channel.id } })).keyId,
    webhook: (await db().webhook.findUniqueOrThrow({ where: { id: webhookId } })).secretKeyId,
    chat: (await db().chatWebhook.findUniqueOrThrow({ where: { workspaceId: workspace.id } })).urlKeyId,
    pairing: (await db().whatsAppPairing.findUniqueOrThrow({ where: { id: pairingId } })).keyId,
    totp: (await db().userTwoFactor.findUniqueOrThrow({ where: { userId: user.id } })).keyId,
  });
  /** Every secret opened with `reader`, to compare with what was sealed. */
  const read = async (reader: SecretBox) => {
    const hook = await db().webhook.findUniqueOrThrow({ where: { id: webhookId } });
    const chat = await db().chatWebhook.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    const pairing = await db().whatsAppPairing.findUniqueOrThrow({ where: { id: pairingId } });
    return {
      channel: await readCredentials(db(), reader, channel),
      webhook: reader.open(
        {
          keyId: hook.secretKeyId,
          iv: hook.secretIv,
          authTag: hook.secretTag,
          ciphertext: hook.secretCiphertext,
        },
        webhookSecretContext(webhookId),
      ),
      chat: openChatUrl(reader, workspace.id, chat),
      pairing: reader.open(pairing, pairingId),
      totp: (await readTwoFactor(db(), reader, user.id))?.secret,
    };
  };
  const expected = {
    channel: credentials,
    webhook: webhookSecret,
    chat: chatUrl,
    pairing: "gateway-api-key",
    totp: totpSecret,
  };
  return { keyIds, read, expected, channelId: channel.id };
}

describe("keys:rotate", () => {
  it("re-seals every kind of stored secret with the current key; the old key can then go", async () => {
    const old = oldKey();
    const now = current();
    const oldBox = createSecretBox({ [old.id]: old.key }, old.id);
    const secrets = await secretsSealedWith(oldBox);
    expect(Object.values(await secrets.keyIds())).toEqual(Array(5).fill(old.id));

    // Mid-rotation, readers know both keys and seal with the new one.
    const both = createSecretBox({ [old.id]: old.key, [now.id]: now.key }, now.id);
    await expect(secrets.read(both)).resolves.toEqual(secrets.expected);
    const report = await rotateEncryptionKeys({ db: db(), box: both });
    expect(report.map((line) => line.table).sort()).toEqual(SEALED_TABLES.map((t) => t.name).sort());
    for (const line of report) expect(line.resealed).toBeGreaterThanOrEqual(1);

    expect(Object.values(await secrets.keyIds())).toEqual(Array(5).fill(now.id));
    // The old key removed: everything still opens, to the same values.
    const newOnly = createSecretBox({ [now.id]: now.key }, now.id);
    await expect(secrets.read(newOnly)).resolves.toEqual(secrets.expected);
  });

  it("leaves alone a secret it cannot open, and one re-sealed by someone else meanwhile", async () => {
    const lost = oldKey();
    const old = oldKey();
    const now = current();
    const unreadable = await secretsSealedWith(createSecretBox({ [lost.id]: lost.key }, lost.id));
    const racing = await secretsSealedWith(createSecretBox({ [old.id]: old.key }, old.id));
    const both = createSecretBox({ [old.id]: old.key, [now.id]: now.key }, now.id);

    // A token refresh lands between the rotation's read and its write for this channel: it seals
    // a new value with the old key (a process not yet restarted), which must survive.
    const [channels, ...rest] = SEALED_TABLES as [(typeof SEALED_TABLES)[number], ...typeof SEALED_TABLES];
    const refreshed = JSON.stringify({ accessToken: `refreshed-${randomUUID()}` });
    const racingChannels = {
      ...channels,
      async page(...args: Parameters<typeof channels.page>) {
        const rows = await channels.page(...args);
        if (rows.some((r) => r.context === racing.channelId)) {
          const sealed = createSecretBox({ [old.id]: old.key }, old.id).seal(refreshed, racing.channelId);
          await db().channelCredential.update({ where: { channelId: racing.channelId }, data: sealed });
        }
        return rows;
      },
    };
    const report = await rotateEncryptionKeys({ db: db(), box: both }, [racingChannels, ...rest]);
    const channelLine = report.find((line) => line.table === "ChannelCredential");
    expect(channelLine?.changedMeanwhile).toBeGreaterThanOrEqual(1);
    expect(channelLine?.unreadable).toBeGreaterThanOrEqual(1);
    for (const line of report) expect(line.remaining).toBeGreaterThanOrEqual(1);

    // The secrets under the lost key are untouched.
    expect(Object.values(await unreadable.keyIds())).toEqual(Array(5).fill(lost.id));
    // The refreshed credential kept its new value; a second pass moves it to the new key.
    const row = await db().channelCredential.findUniqueOrThrow({ where: { channelId: racing.channelId } });
    expect(both.open(row, racing.channelId)).toBe(refreshed);
    await rotateEncryptionKeys({ db: db(), box: both });
    expect((await racing.keyIds()).channel).toBe(now.id);
    expect(
      both.open(
        await db().channelCredential.findUniqueOrThrow({ where: { channelId: racing.channelId } }),
        racing.channelId,
      ),
    ).toBe(refreshed);
  });
});
