-- Approval policy per brand: brands that required approval keep requiring a team approval.
CREATE TYPE "ApprovalPolicy" AS ENUM ('NONE', 'TEAM', 'TEAM_NOT_AUTHOR', 'TEAM_AND_CLIENT');
ALTER TABLE "Brand" ADD COLUMN "approvalPolicy" "ApprovalPolicy" NOT NULL DEFAULT 'NONE';
UPDATE "Brand" SET "approvalPolicy" = 'TEAM' WHERE "approvalRequired";

-- Client decisions and comments through review links, and what an approval approved.
ALTER TABLE "Approval" ADD COLUMN "reviewLinkId" TEXT,
  ADD COLUMN "reviewerName" TEXT,
  ADD COLUMN "reviewerEmail" TEXT,
  ADD COLUMN "contentSnapshot" JSONB;
ALTER TABLE "Comment" ADD COLUMN "reviewLinkId" TEXT,
  ADD COLUMN "authorName" TEXT;

ALTER TABLE "Story" ADD COLUMN "reviewOverdueAt" TIMESTAMPTZ(3);
