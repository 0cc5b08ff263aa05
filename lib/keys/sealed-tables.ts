import { totpSecretContext } from "@/lib/auth/two-factor-secret";
import type { Sealed } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { chatUrlContext } from "@/lib/notifications/post-chat";
import { webhookSecretContext } from "@/lib/webhooks/create-webhook";

/** A stored secret: its row id, the AAD it was sealed with, and the sealed bytes. */
export type SealedRow = { id: string; context: string; sealed: Sealed };

/**
 * One table holding sealed secrets, as the rotation sees it: a page of rows not sealed with
 * `keyId`, and a conditional replace that writes only if the row still holds the bytes that were
 * read (same key id and IV), so a secret someone re-sealed meanwhile (a refreshed token) is never
 * overwritten with an older one.
 */
export type SealedTable = {
  name: string;
  page(db: Db, notKeyId: string, afterId: string, take: number): Promise<SealedRow[]>;
  replace(db: Db, row: SealedRow, fresh: Sealed): Promise<boolean>;
  countNotOn(db: Db, keyId: string): Promise<number>;
};

const bytes = (value: Uint8Array) => new Uint8Array(value) as Uint8Array<ArrayBuffer>;
const asSealed = (keyId: string, iv: Uint8Array, authTag: Uint8Array, ciphertext: Uint8Array): Sealed => ({
  keyId,
  iv: bytes(iv),
  authTag: bytes(authTag),
  ciphertext: bytes(ciphertext),
});

/**
 * Every table with sealed secrets. OAuth logins in progress (Redis, minutes long) are not here:
 * they expire long before the old key is removed. A new sealed column belongs in this list.
 */
export const SEALED_TABLES: SealedTable[] = [
  {
    name: "ChannelCredential",
    async page(db, notKeyId, afterId, take) {
      const rows = await db.channelCredential.findMany({
        where: { keyId: { not: notKeyId }, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take,
      });
      // Sealed with the channel's id (lib/channels/connect-channel.ts).
      return rows.map((r) => ({
        id: r.id,
        context: r.channelId,
        sealed: asSealed(r.keyId, r.iv, r.authTag, r.ciphertext),
      }));
    },
    async replace(db, row, fresh) {
      const { count } = await db.channelCredential.updateMany({
        where: { id: row.id, keyId: row.sealed.keyId, iv: { equals: row.sealed.iv } },
        data: fresh,
      });
      return count === 1;
    },
    countNotOn: (db, keyId) => db.channelCredential.count({ where: { keyId: { not: keyId } } }),
  },
  {
    name: "WhatsAppPairing",
    async page(db, notKeyId, afterId, take) {
      const rows = await db.whatsAppPairing.findMany({
        where: { keyId: { not: notKeyId }, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take,
      });
      // Sealed with the pairing's own id (lib/channels/start-whatsapp-pairing.ts).
      return rows.map((r) => ({
        id: r.id,
        context: r.id,
        sealed: asSealed(r.keyId, r.iv, r.authTag, r.ciphertext),
      }));
    },
    async replace(db, row, fresh) {
      const { count } = await db.whatsAppPairing.updateMany({
        where: { id: row.id, keyId: row.sealed.keyId, iv: { equals: row.sealed.iv } },
        data: fresh,
      });
      return count === 1;
    },
    countNotOn: (db, keyId) => db.whatsAppPairing.count({ where: { keyId: { not: keyId } } }),
  },
  {
    name: "Webhook",
    async page(db, notKeyId, afterId, take) {
      const rows = await db.webhook.findMany({
        where: { secretKeyId: { not: notKeyId }, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take,
      });
      return rows.map((r) => ({
        id: r.id,
        context: webhookSecretContext(r.id),
        sealed: asSealed(r.secretKeyId, r.secretIv, r.secretTag, r.secretCiphertext),
      }));
    },
    async replace(db, row, fresh) {
      const { count } = await db.webhook.updateMany({
        where: { id: row.id, secretKeyId: row.sealed.keyId, secretIv: { equals: row.sealed.iv } },
        data: {
          secretKeyId: fresh.keyId,
          secretIv: fresh.iv,
          secretTag: fresh.authTag,
          secretCiphertext: fresh.ciphertext,
        },
      });
      return count === 1;
    },
    countNotOn: (db, keyId) => db.webhook.count({ where: { secretKeyId: { not: keyId } } }),
  },
  {
    name: "ChatWebhook",
    async page(db, notKeyId, afterId, take) {
      const rows = await db.chatWebhook.findMany({
        where: { urlKeyId: { not: notKeyId }, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take,
      });
      return rows.map((r) => ({
        id: r.id,
        context: chatUrlContext(r.workspaceId),
        sealed: asSealed(r.urlKeyId, r.urlIv, r.urlTag, r.urlCiphertext),
      }));
    },
    async replace(db, row, fresh) {
      const { count } = await db.chatWebhook.updateMany({
        where: { id: row.id, urlKeyId: row.sealed.keyId, urlIv: { equals: row.sealed.iv } },
        data: {
          urlKeyId: fresh.keyId,
          urlIv: fresh.iv,
          urlTag: fresh.authTag,
          urlCiphertext: fresh.ciphertext,
        },
      });
      return count === 1;
    },
    countNotOn: (db, keyId) => db.chatWebhook.count({ where: { urlKeyId: { not: keyId } } }),
  },
  {
    name: "UserTwoFactor",
    async page(db, notKeyId, afterId, take) {
      const rows = await db.userTwoFactor.findMany({
        where: { keyId: { not: notKeyId }, userId: { gt: afterId } },
        orderBy: { userId: "asc" },
        take,
      });
      return rows.map((r) => ({
        id: r.userId,
        context: totpSecretContext(r.userId),
        sealed: asSealed(r.keyId, r.iv, r.authTag, r.ciphertext),
      }));
    },
    async replace(db, row, fresh) {
      const { count } = await db.userTwoFactor.updateMany({
        where: { userId: row.id, keyId: row.sealed.keyId, iv: { equals: row.sealed.iv } },
        data: fresh,
      });
      return count === 1;
    },
    countNotOn: (db, keyId) => db.userTwoFactor.count({ where: { keyId: { not: keyId } } }),
  },
];
