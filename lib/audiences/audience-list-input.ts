import { z } from "zod";

export const listNameSchema = z
  .string()
  .trim()
  .min(1, "Give the list a name.")
  .max(80, "Keep the name under 80 characters.");

/** Gateway contact ids; duplicates are dropped, order kept. */
export const contactIdsSchema = z
  .array(z.string().trim().min(1).max(100))
  .max(5_000, "A list holds at most 5,000 contacts.")
  .transform((ids) => [...new Set(ids)]);
