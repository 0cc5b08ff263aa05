-- What a channel's token may do, as the platform last said (issue 12: permissions checked, not assumed).
ALTER TABLE "Channel" ADD COLUMN "grantedScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "scopesCheckedAt" TIMESTAMPTZ(3);
