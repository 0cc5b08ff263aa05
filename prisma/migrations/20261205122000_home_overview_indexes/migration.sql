-- The home page's lists: a workspace's stories by status and time, and by when they went out.
CREATE INDEX "Story_workspaceId_status_scheduledAt_idx" ON "Story"("workspaceId", "status", "scheduledAt");

CREATE INDEX "Story_workspaceId_publishedAt_idx" ON "Story"("workspaceId", "publishedAt");
