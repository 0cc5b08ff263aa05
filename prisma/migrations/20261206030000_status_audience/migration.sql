-- Issue 16: WhatsApp status audience lists per channel, and the audience chosen for a story's target

-- CreateEnum
CREATE TYPE "AudienceMode" AS ENUM ('ONLY', 'EXCEPT');

-- CreateTable
CREATE TABLE "StatusAudienceList" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contactIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StatusAudienceList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetAudience" (
    "targetId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "mode" "AudienceMode" NOT NULL,
    "listId" TEXT,
    "listName" TEXT NOT NULL,
    "contactIds" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TargetAudience_pkey" PRIMARY KEY ("targetId")
);

-- CreateIndex
CREATE INDEX "StatusAudienceList_workspaceId_channelId_idx" ON "StatusAudienceList"("workspaceId", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "StatusAudienceList_id_workspaceId_key" ON "StatusAudienceList"("id", "workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "StatusAudienceList_channelId_name_key" ON "StatusAudienceList"("channelId", "name");

-- CreateIndex
CREATE INDEX "TargetAudience_workspaceId_idx" ON "TargetAudience"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "TargetAudience_targetId_workspaceId_key" ON "TargetAudience"("targetId", "workspaceId");

-- AddForeignKey
ALTER TABLE "StatusAudienceList" ADD CONSTRAINT "StatusAudienceList_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusAudienceList" ADD CONSTRAINT "StatusAudienceList_channelId_workspaceId_fkey" FOREIGN KEY ("channelId", "workspaceId") REFERENCES "Channel"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetAudience" ADD CONSTRAINT "TargetAudience_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetAudience" ADD CONSTRAINT "TargetAudience_targetId_workspaceId_fkey" FOREIGN KEY ("targetId", "workspaceId") REFERENCES "StoryTarget"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;

