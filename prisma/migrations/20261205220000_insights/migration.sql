-- Issue 14: story insights. StoryInsight was never written to, so it goes, and snapshots hang
-- off the published frame (each frame is its own platform story with its own numbers).
DROP TABLE "StoryInsight";

CREATE TYPE "InsightSlot" AS ENUM ('H1', 'H6', 'H12', 'H20', 'FINAL');
CREATE TYPE "InsightSource" AS ENUM ('POLL', 'WEBHOOK');
CREATE TYPE "InsightOutcome" AS ENUM ('OK', 'TOO_FEW_VIEWERS', 'THINNED');
CREATE TYPE "InsightContentType" AS ENUM ('PHOTO', 'VIDEO', 'TEXT');

CREATE UNIQUE INDEX "StoryTargetFrame_id_workspaceId_key" ON "StoryTargetFrame"("id", "workspaceId");
CREATE INDEX "StoryTargetFrame_publishedAt_idx" ON "StoryTargetFrame"("publishedAt");

CREATE TABLE "InsightSnapshot" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetFrameId" TEXT NOT NULL,
    "slot" "InsightSlot" NOT NULL,
    "source" "InsightSource" NOT NULL,
    "outcome" "InsightOutcome" NOT NULL,
    "capturedAt" TIMESTAMPTZ(3) NOT NULL,
    "views" INTEGER,
    "reach" INTEGER,
    "replies" INTEGER,
    "shares" INTEGER,
    "follows" INTEGER,
    "profileVisits" INTEGER,
    "totalInteractions" INTEGER,
    "navigation" INTEGER,
    "tapForward" INTEGER,
    "tapBack" INTEGER,
    "tapExit" INTEGER,
    "swipeForward" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InsightSnapshot_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "InsightSnapshot_targetFrameId_slot_source_key" ON "InsightSnapshot"("targetFrameId", "slot", "source");
CREATE INDEX "InsightSnapshot_workspaceId_targetId_capturedAt_idx" ON "InsightSnapshot"("workspaceId", "targetId", "capturedAt");

ALTER TABLE "InsightSnapshot" ADD CONSTRAINT "InsightSnapshot_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "InsightSnapshot" ADD CONSTRAINT "InsightSnapshot_targetId_workspaceId_fkey" FOREIGN KEY ("targetId", "workspaceId") REFERENCES "StoryTarget"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "InsightSnapshot" ADD CONSTRAINT "InsightSnapshot_targetFrameId_workspaceId_fkey" FOREIGN KEY ("targetFrameId", "workspaceId") REFERENCES "StoryTargetFrame"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "FrameInsight" (
    "targetFrameId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "position" INTEGER NOT NULL,
    "lastFrame" BOOLEAN NOT NULL,
    "contentType" "InsightContentType" NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "capturedAt" TIMESTAMPTZ(3) NOT NULL,
    "outcome" "InsightOutcome" NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "views" INTEGER,
    "reach" INTEGER,
    "replies" INTEGER,
    "shares" INTEGER,
    "follows" INTEGER,
    "profileVisits" INTEGER,
    "totalInteractions" INTEGER,
    "navigation" INTEGER,
    "tapForward" INTEGER,
    "tapBack" INTEGER,
    "tapExit" INTEGER,
    "swipeForward" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FrameInsight_pkey" PRIMARY KEY ("targetFrameId")
);

CREATE UNIQUE INDEX "FrameInsight_targetFrameId_workspaceId_key" ON "FrameInsight"("targetFrameId", "workspaceId");
CREATE INDEX "FrameInsight_workspaceId_brandId_publishedAt_idx" ON "FrameInsight"("workspaceId", "brandId", "publishedAt");
CREATE INDEX "FrameInsight_workspaceId_publishedAt_idx" ON "FrameInsight"("workspaceId", "publishedAt");

ALTER TABLE "FrameInsight" ADD CONSTRAINT "FrameInsight_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FrameInsight" ADD CONSTRAINT "FrameInsight_targetFrameId_workspaceId_fkey" FOREIGN KEY ("targetFrameId", "workspaceId") REFERENCES "StoryTargetFrame"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
