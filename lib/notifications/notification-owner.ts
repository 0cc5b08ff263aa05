import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** The person whose notices these are: an API key has none. */
export function notificationOwner(ctx: WorkspaceContext): string {
  if (!ctx.userId) throw new AppError("FORBIDDEN", "Notifications belong to a person; an API key has none.");
  return ctx.userId;
}
