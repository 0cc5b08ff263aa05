-- A text frame (a WhatsApp text status) is a StoryFrame without media.
ALTER TABLE "StoryFrame" ADD COLUMN     "backgroundColor" TEXT,
ADD COLUMN     "text" TEXT,
ALTER COLUMN "mediaAssetId" DROP NOT NULL;

-- Written by hand (Prisma keeps it): a frame is either media or text, never both or neither, and
-- only a text frame has a background colour, as "#RRGGBB".
ALTER TABLE "StoryFrame" ADD CONSTRAINT "StoryFrame_media_or_text"
  CHECK (("mediaAssetId" IS NULL) <> ("text" IS NULL));
ALTER TABLE "StoryFrame" ADD CONSTRAINT "StoryFrame_background_color"
  CHECK ("backgroundColor" IS NULL OR ("text" IS NOT NULL AND "backgroundColor" ~ '^#[0-9A-Fa-f]{6}$'));
