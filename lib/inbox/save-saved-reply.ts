import { z } from "zod";
import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

const savedReplySchema = z.object({
  /** Absent: a new saved reply. */
  id: z.string().trim().min(1).max(100).optional(),
  title: z.string().trim().min(1, "Give it a short title.").max(80, "Keep the title under 80 characters."),
  body: z
    .string()
    .trim()
    .min(1, "Write the reply.")
    .max(1_000, "A saved reply holds at most 1,000 characters (Meta's limit)."),
  /** Null: offered in every brand's inbox. */
  brandId: z.string().trim().min(1).max(100).nullable().default(null),
});

/** Creates or edits a saved reply (EDITOR and above). Titles are unique in a workspace. */
export async function saveSavedReply(db: Db, ctx: WorkspaceContext, input: z.input<typeof savedReplySchema>) {
  assertCan(ctx, "inbox:reply", "keep saved replies");
  const parsed = parseInput(savedReplySchema, input);
  if (parsed.brandId) await getBrand(db, ctx, parsed.brandId, { field: "brandId" });
  const data = { title: parsed.title, body: parsed.body, brandId: parsed.brandId };
  try {
    if (parsed.id) {
      const updated = await db.savedReply.updateMany({
        where: { id: parsed.id, workspaceId: ctx.workspaceId },
        data,
      });
      if (updated.count === 0) throw new AppError("NOT_FOUND", "This saved reply does not exist.");
      return { id: parsed.id, ...data };
    }
    const created = await db.savedReply.create({
      data: { ...data, workspaceId: ctx.workspaceId, createdById: ctx.userId },
      select: { id: true, title: true, body: true, brandId: true },
    });
    return created;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("CONFLICT", `A saved reply called "${parsed.title}" already exists.`, {
      fields: { title: "Already taken." },
    });
  }
}
