-- E-mail for notices: each person's choice (off, at once, or a daily digest), and which notices went out.
CREATE TYPE "NoticeMail" AS ENUM ('OFF', 'IMMEDIATE', 'DIGEST');
ALTER TABLE "User" ADD COLUMN "noticeMail" "NoticeMail" NOT NULL DEFAULT 'IMMEDIATE',
  ADD COLUMN "digestDay" TEXT;

-- Notices already in the bell are not mailed after the upgrade: only new ones are.
ALTER TABLE "Notification" ADD COLUMN "mailedAt" TIMESTAMPTZ(3),
  ADD COLUMN "brandId" TEXT;
UPDATE "Notification" SET "mailedAt" = "createdAt";
CREATE INDEX "Notification_mailedAt_createdAt_idx" ON "Notification"("mailedAt", "createdAt");

-- A workspace's Slack-compatible chat webhook and its outbox.
CREATE TABLE "ChatWebhook" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "urlHost" TEXT NOT NULL,
    "urlTail" TEXT NOT NULL,
    "urlKeyId" TEXT NOT NULL,
    "urlIv" BYTEA NOT NULL,
    "urlTag" BYTEA NOT NULL,
    "urlCiphertext" BYTEA NOT NULL,
    "kinds" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatWebhook_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ChatMessage" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "chatWebhookId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ChatWebhook_workspaceId_key" ON "ChatWebhook"("workspaceId");
CREATE UNIQUE INDEX "ChatWebhook_id_workspaceId_key" ON "ChatWebhook"("id", "workspaceId");
CREATE INDEX "ChatMessage_status_nextAttemptAt_idx" ON "ChatMessage"("status", "nextAttemptAt");
CREATE INDEX "ChatMessage_workspaceId_createdAt_idx" ON "ChatMessage"("workspaceId", "createdAt");
ALTER TABLE "ChatWebhook" ADD CONSTRAINT "ChatWebhook_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ChatMessage" ADD CONSTRAINT "ChatMessage_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ChatMessage" ADD CONSTRAINT "ChatMessage_chatWebhookId_workspaceId_fkey" FOREIGN KEY ("chatWebhookId", "workspaceId") REFERENCES "ChatWebhook"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
