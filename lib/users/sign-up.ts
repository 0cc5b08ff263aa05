import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { retryOnUniqueViolation } from "@/lib/db/errors";
import { parseInput } from "@/lib/validation";
import { createWorkspace, workspaceNameSchema } from "@/lib/workspaces/create-workspace";
import { checkPassword, createUser, userFields } from "./create-user";

export const signUpSchema = z
  .object({ ...userFields, workspaceName: workspaceNameSchema })
  .superRefine(checkPassword);

export type SignUpInput = z.input<typeof signUpSchema>;

/**
 * A new person signs up: their account and their own workspace (they are its OWNER), created
 * together or not at all. A retry after a unique violation either finds the e-mail now taken
 * (and says so) or picks the next free workspace slug.
 */
export async function signUp(db: Db, input: SignUpInput) {
  const { workspaceName, ...user } = parseInput(signUpSchema, input);
  return retryOnUniqueViolation(() =>
    db.$transaction(async (tx) => {
      const created = await createUser(tx, user);
      const workspace = await createWorkspace(tx, created.id, workspaceName);
      return { user: created, workspace };
    }),
  );
}
