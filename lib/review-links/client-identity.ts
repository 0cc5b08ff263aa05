import { z } from "zod";

/** Who the client says they are: asked once on the page and sent with each decision and comment. */
export const clientIdentitySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter your name, so the agency knows who decided.")
    .max(100, "Keep your name under 100 characters."),
  email: z
    .union([z.literal(""), z.email("Enter a valid e-mail address, or leave it empty.").max(200)])
    .optional()
    .transform((value) => value || null),
});
