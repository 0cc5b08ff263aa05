-- Issue 16: where each audit entry came from and what it is about, and an append-only trail.

ALTER TABLE "AuditLog" ADD COLUMN "ip" TEXT,
ADD COLUMN "userAgent" TEXT,
ADD COLUMN "actorReviewLinkId" TEXT,
ADD COLUMN "brandId" TEXT,
ADD COLUMN "storyId" TEXT,
ADD COLUMN "channelId" TEXT;

CREATE INDEX "AuditLog_workspaceId_brandId_createdAt_idx" ON "AuditLog"("workspaceId", "brandId", "createdAt");

-- Entries written before this migration: what they are about, read from the entity they name.
UPDATE "AuditLog" SET "brandId" = "entityId" WHERE "entityType" = 'Brand';
UPDATE "AuditLog" a SET "storyId" = s."id", "brandId" = s."brandId"
  FROM "Story" s WHERE a."entityType" = 'Story' AND s."id" = a."entityId" AND s."workspaceId" = a."workspaceId";
UPDATE "AuditLog" a SET "channelId" = c."id", "brandId" = c."brandId"
  FROM "Channel" c WHERE a."entityType" = 'Channel' AND c."id" = a."entityId" AND c."workspaceId" = a."workspaceId";

-- Append-only (docs/decisions/030-audit-trail.md): no UPDATE or DELETE, except what the schema's
-- own cascades need. A DELETE is the workspace's cascade when the workspace row is already gone
-- (the foreign key's action runs after it). An UPDATE is the user's SET NULL when it changes
-- nothing but clearing actorUserId and that user is gone.
-- The migration runner splits the file at every semicolon, so the PL/pgSQL bodies are written as
-- E-strings with \073 (octal) where the statement ends go.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    IF NOT EXISTS (SELECT 1 FROM "Workspace" WHERE "id" = OLD."workspaceId") THEN
      RETURN OLD\073
    END IF\073
  ELSIF TG_OP = ''UPDATE'' THEN
    IF NEW."actorUserId" IS NULL AND OLD."actorUserId" IS NOT NULL
       AND (to_jsonb(NEW) - ''actorUserId'') = (to_jsonb(OLD) - ''actorUserId'')
       AND NOT EXISTS (SELECT 1 FROM "User" WHERE "id" = OLD."actorUserId") THEN
      RETURN NEW\073
    END IF\073
  END IF\073
  RAISE EXCEPTION ''AuditLog is append-only: % refused'', TG_OP USING ERRCODE = ''insufficient_privilege''\073
END
';

CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

CREATE FUNCTION "audit_log_no_truncate"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''AuditLog is append-only: TRUNCATE refused'' USING ERRCODE = ''insufficient_privilege''\073
END
';

CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_no_truncate"();
