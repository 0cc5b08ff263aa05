-- AlterTable
ALTER TABLE "StoryTargetFrame" ADD COLUMN     "publishIntentAt" TIMESTAMPTZ(3);
