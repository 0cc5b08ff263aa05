-- Client review links (docs/decisions/022-client-review-links.md): a signed, expiring, revocable link
-- to some of a brand's stories, for a client without an account. The token is never stored.
-- CreateTable
CREATE TABLE "ReviewLink" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "createdById" TEXT,
    "label" TEXT NOT NULL,
    "fromDate" TEXT,
    "toDate" TEXT,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReviewLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewLinkStory" (
    "workspaceId" TEXT NOT NULL,
    "reviewLinkId" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,

    CONSTRAINT "ReviewLinkStory_pkey" PRIMARY KEY ("reviewLinkId","storyId")
);

-- CreateIndex
CREATE INDEX "ReviewLink_workspaceId_brandId_createdAt_idx" ON "ReviewLink"("workspaceId", "brandId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewLink_id_workspaceId_key" ON "ReviewLink"("id", "workspaceId");

-- CreateIndex
CREATE INDEX "Approval_workspaceId_reviewLinkId_idx" ON "Approval"("workspaceId", "reviewLinkId");

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_reviewLinkId_workspaceId_fkey" FOREIGN KEY ("reviewLinkId", "workspaceId") REFERENCES "ReviewLink"("id", "workspaceId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_reviewLinkId_workspaceId_fkey" FOREIGN KEY ("reviewLinkId", "workspaceId") REFERENCES "ReviewLink"("id", "workspaceId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLink" ADD CONSTRAINT "ReviewLink_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLink" ADD CONSTRAINT "ReviewLink_brandId_workspaceId_fkey" FOREIGN KEY ("brandId", "workspaceId") REFERENCES "Brand"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLink" ADD CONSTRAINT "ReviewLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLinkStory" ADD CONSTRAINT "ReviewLinkStory_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLinkStory" ADD CONSTRAINT "ReviewLinkStory_reviewLinkId_workspaceId_fkey" FOREIGN KEY ("reviewLinkId", "workspaceId") REFERENCES "ReviewLink"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLinkStory" ADD CONSTRAINT "ReviewLinkStory_storyId_workspaceId_fkey" FOREIGN KEY ("storyId", "workspaceId") REFERENCES "Story"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;


-- A link is a date range (both local dates and both instants) or a selection (none of them).
ALTER TABLE "ReviewLink" ADD CONSTRAINT "ReviewLink_range_check" CHECK (
  ("fromDate" IS NULL AND "toDate" IS NULL AND "startsAt" IS NULL AND "endsAt" IS NULL)
  OR ("fromDate" IS NOT NULL AND "toDate" IS NOT NULL AND "startsAt" IS NOT NULL AND "endsAt" IS NOT NULL
      AND "startsAt" < "endsAt")
);
