-- WhatsApp by QR (issue 12): a gateway session's state on its channel, and pairings in progress.
ALTER TABLE "Channel" ADD COLUMN "sessionState" TEXT,
ADD COLUMN "sessionCheckedAt" TIMESTAMPTZ(3);

CREATE TABLE "WhatsAppPairing" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channelId" TEXT,
    "gatewayUrl" TEXT NOT NULL,
    "session" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "iv" BYTEA NOT NULL,
    "authTag" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WhatsAppPairing_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "WhatsAppPairing_workspaceId_brandId_idx" ON "WhatsAppPairing"("workspaceId", "brandId");

CREATE UNIQUE INDEX "WhatsAppPairing_id_workspaceId_key" ON "WhatsAppPairing"("id", "workspaceId");

ALTER TABLE "WhatsAppPairing" ADD CONSTRAINT "WhatsAppPairing_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "WhatsAppPairing" ADD CONSTRAINT "WhatsAppPairing_brandId_workspaceId_fkey" FOREIGN KEY ("brandId", "workspaceId") REFERENCES "Brand"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
