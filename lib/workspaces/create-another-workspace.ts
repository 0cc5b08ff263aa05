import type { Db } from "@/lib/db/client";
import { retryOnUniqueViolation } from "@/lib/db/errors";
import { createWorkspace } from "./create-workspace";

/** A signed-in user opens one more workspace (an agency taking on a separate business, say). */
export async function createAnotherWorkspace(db: Db, userId: string, name: string) {
  return retryOnUniqueViolation(() => db.$transaction((tx) => createWorkspace(tx, userId, name)));
}
