-- When the story.insights_final event of a story target was emitted: claimed once, with a
-- conditional update, when every published frame of the target has a FINAL snapshot.
ALTER TABLE "StoryTarget" ADD COLUMN "insightsFinalAt" TIMESTAMPTZ(3);
