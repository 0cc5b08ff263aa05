-- Data export (docs/decisions/034-data-export.md)
CREATE TYPE "DataExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "brandId" TEXT,
    "createdById" TEXT,
    "apiKeyId" TEXT,
    "status" "DataExportStatus" NOT NULL DEFAULT 'QUEUED',
    "itemsDone" INTEGER NOT NULL DEFAULT 0,
    "itemsTotal" INTEGER NOT NULL DEFAULT 0,
    "storageKey" TEXT,
    "sizeBytes" BIGINT,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "heartbeatAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataExport_workspaceId_createdAt_idx" ON "DataExport"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "DataExport_status_updatedAt_idx" ON "DataExport"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "DataExport_expiresAt_idx" ON "DataExport"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DataExport_id_workspaceId_key" ON "DataExport"("id", "workspaceId");

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
