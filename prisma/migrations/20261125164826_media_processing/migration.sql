-- CreateEnum
CREATE TYPE "MediaFit" AS ENUM ('COVER', 'CONTAIN_BLUR');

-- AlterTable
ALTER TABLE "MediaAsset" ADD COLUMN     "errorMessage" TEXT,
ADD COLUMN     "fit" "MediaFit" NOT NULL DEFAULT 'COVER',
ADD COLUMN     "focalX" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "focalY" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "segmentIndex" INTEGER,
ADD COLUMN     "sourceAssetId" TEXT,
ADD COLUMN     "splitVideo" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "MediaAsset_status_updatedAt_idx" ON "MediaAsset"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MediaAsset_sourceAssetId_segmentIndex_key" ON "MediaAsset"("sourceAssetId", "segmentIndex");

-- AddForeignKey
ALTER TABLE "MediaAsset" ADD CONSTRAINT "MediaAsset_sourceAssetId_workspaceId_fkey" FOREIGN KEY ("sourceAssetId", "workspaceId") REFERENCES "MediaAsset"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;


