-- The token expiry a "token expiring" warning was last sent for, and at which threshold (days).
ALTER TABLE "Channel" ADD COLUMN "expiryWarnedFor" TIMESTAMPTZ(3),
ADD COLUMN "expiryWarnedDays" INTEGER;
