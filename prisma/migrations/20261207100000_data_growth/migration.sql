-- Retention of what grows with use (docs/decisions/040-data-growth.md): the sweep's walk over old
-- publish attempts, and its scans of delivered and failed outbox rows by age.
CREATE INDEX "PublishAttempt_startedAt_id_idx" ON "PublishAttempt"("startedAt", "id");
CREATE INDEX "WebhookDelivery_status_createdAt_idx" ON "WebhookDelivery"("status", "createdAt");
CREATE INDEX "ChatMessage_status_createdAt_idx" ON "ChatMessage"("status", "createdAt");
