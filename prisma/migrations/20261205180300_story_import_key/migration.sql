-- Stories imported from a plan CSV remember the row they came from (lib/import), so importing the
-- same file again creates nothing new. NULLs (stories made by hand) never collide.
ALTER TABLE "Story" ADD COLUMN "importKey" TEXT;

CREATE UNIQUE INDEX "Story_workspaceId_importKey_key" ON "Story"("workspaceId", "importKey");
