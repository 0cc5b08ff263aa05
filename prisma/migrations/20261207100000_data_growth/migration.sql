-- Retention of what grows with use (docs/decisions/040-data-growth.md): the sweep's walk over old
-- publish attempts, its scans of delivered and failed outbox rows by age, and the data export's
-- pages of a workspace's attempts (bench/data-growth.ts).
-- IF NOT EXISTS: on a big installation an operator may build them first with CREATE INDEX
-- CONCURRENTLY under these names (decision 040), so this migration does not lock writes meanwhile.
CREATE INDEX IF NOT EXISTS "PublishAttempt_startedAt_id_idx" ON "PublishAttempt"("startedAt", "id");
CREATE INDEX IF NOT EXISTS "PublishAttempt_workspaceId_id_idx" ON "PublishAttempt"("workspaceId", "id");
CREATE INDEX IF NOT EXISTS "WebhookDelivery_status_createdAt_idx" ON "WebhookDelivery"("status", "createdAt");
CREATE INDEX IF NOT EXISTS "ChatMessage_status_createdAt_idx" ON "ChatMessage"("status", "createdAt");
