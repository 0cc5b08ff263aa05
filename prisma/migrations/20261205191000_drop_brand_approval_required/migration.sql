-- The approval policy replaced the boolean (20261205190000 copied it over).
ALTER TABLE "Brand" DROP COLUMN "approvalRequired";
