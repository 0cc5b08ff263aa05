-- Every waiting target says what it waits for and until when (issue 10, item 9).
CREATE TYPE "WaitReason" AS ENUM ('CONTAINER_PROCESSING', 'RETRY_BACKOFF', 'PLATFORM_RATE_LIMIT', 'QUOTA', 'CALL_BUDGET', 'CHANNEL_NEEDS_REAUTH');

ALTER TABLE "StoryTarget" ADD COLUMN "waitReason" "WaitReason",
ADD COLUMN "waitUntil" TIMESTAMPTZ(3),
ADD COLUMN "waitDetail" TEXT;
