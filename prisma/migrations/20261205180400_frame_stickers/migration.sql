-- Stickers planned on a frame: [{kind, x, y, username?|url?|text?}], validated by stickerSchema
-- (lib/stories/schemas.ts) on the way in. The frame is the owner, so no separate table.
ALTER TABLE "StoryFrame" ADD COLUMN "stickers" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "StoryFrame" ADD CONSTRAINT "StoryFrame_stickers_array" CHECK (jsonb_typeof("stickers") = 'array');
