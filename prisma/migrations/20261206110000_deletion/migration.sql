-- Deletion with grace and media retention (docs/decisions/035-deletion-with-grace.md).
ALTER TABLE "User" ADD COLUMN "deletionScheduledAt" TIMESTAMPTZ(3), ADD COLUMN "deleteAfter" TIMESTAMPTZ(3);
ALTER TABLE "Workspace" ADD COLUMN "mediaRetentionDays" INTEGER, ADD COLUMN "deletionScheduledAt" TIMESTAMPTZ(3), ADD COLUMN "deleteAfter" TIMESTAMPTZ(3), ADD COLUMN "deletionRequestedById" TEXT;
ALTER TABLE "Brand" ADD COLUMN "deletionScheduledAt" TIMESTAMPTZ(3), ADD COLUMN "deleteAfter" TIMESTAMPTZ(3), ADD COLUMN "deletionRequestedById" TEXT;
ALTER TABLE "MediaAsset" ADD COLUMN "purgedAt" TIMESTAMPTZ(3);
ALTER TABLE "Workspace" ADD CONSTRAINT "Workspace_mediaRetentionDays_check" CHECK ("mediaRetentionDays" IS NULL OR "mediaRetentionDays" BETWEEN 1 AND 3650);

CREATE INDEX "User_deleteAfter_idx" ON "User"("deleteAfter");
CREATE INDEX "Workspace_deleteAfter_idx" ON "Workspace"("deleteAfter");
CREATE INDEX "Brand_deleteAfter_idx" ON "Brand"("deleteAfter");
