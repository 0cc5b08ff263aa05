-- What the Meta webhook endpoint last saw, for the setup doctor (issue 14).
CREATE TABLE "MetaWebhookStatus" (
    "endpoint" TEXT NOT NULL,
    "lastVerifiedAt" TIMESTAMPTZ(3),
    "lastDeliveryAt" TIMESTAMPTZ(3),
    "lastDeliveryStored" INTEGER,
    "lastRefusedAt" TIMESTAMPTZ(3),
    "lastRefusedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MetaWebhookStatus_pkey" PRIMARY KEY ("endpoint")
);

-- Meta's story_insights webhook names the media and its account, nothing of ours.
CREATE INDEX "StoryTargetFrame_externalMediaId_idx" ON "StoryTargetFrame"("externalMediaId");
