import { z } from "zod";
import { passwordProblem } from "@/lib/core/password-policy";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { hashPassword } from "./hash-password";
import { emailSchema, nameSchema } from "./schemas";

export const userFields = { name: nameSchema, email: emailSchema, password: z.string() };

/** Adds the password policy (which needs the e-mail too) to a schema that has both fields. */
export function checkPassword(input: { email: string; password: string }, ctx: z.RefinementCtx): void {
  const problem = passwordProblem(input.password, input.email);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
}

export const createUserSchema = z.object(userFields).superRefine(checkPassword);

export type CreateUserInput = z.input<typeof createUserSchema>;

/**
 * Creates a person's account (no workspace). Used by sign-up, by accepting an invite without an
 * account, and by the operator CLI. Throws CONFLICT when the e-mail is registered.
 */
export async function createUser(tx: DbOrTx, input: CreateUserInput) {
  const { name, email, password } = parseInput(createUserSchema, input);
  const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    throw new AppError("CONFLICT", "An account with this e-mail already exists. Sign in instead.", {
      fields: { email: "An account with this e-mail already exists." },
    });
  }
  return tx.user.create({
    data: { name, email, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, name: true },
  });
}
