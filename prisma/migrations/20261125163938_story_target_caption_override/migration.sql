-- AlterTable
ALTER TABLE "StoryTarget" ADD COLUMN     "captionOverride" TEXT;
