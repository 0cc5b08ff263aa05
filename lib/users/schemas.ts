import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "@/lib/core/password-policy";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That e-mail address is too long.")
  .pipe(z.email("Enter a valid e-mail address."));

export const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH),
});
