import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { recordReviewDecision } from "@/lib/stories/record-review-decision";
import type { ScheduleDeps } from "@/lib/stories/schedule-story";
import { parseInput } from "@/lib/validation";
import { clientIdentitySchema } from "./client-identity";
import { linkStoryFilter } from "./review-link-stories";
import { type ClientRequest, openForRequest, type ReviewLinkDeps } from "./review-request";

export const clientDecisionSchema = z.strictObject({
  ...clientIdentitySchema.shape,
  version: z.coerce.number().int().positive("Reload the page: it did not say which version you reviewed."),
  decision: z.enum(["APPROVED", "CHANGES_REQUESTED"]),
  comment: z.string().trim().max(2000, "Keep the comment under 2,000 characters.").optional(),
});

export const STALE_VERSION_MESSAGE =
  "This story changed since you opened the page — reload it to review the new version.";

/**
 * A client's approval or request for changes, through a review link, on one of the link's
 * stories. The decision itself is the shared rule (recordReviewDecision), which refuses it unless
 * the brand's policy asks for the client's approval. A story outside the link (another brand's,
 * another range's) is "not found", like one that does not exist.
 */
export async function decideThroughReviewLink(
  deps: ReviewLinkDeps & ScheduleDeps,
  token: string,
  storyId: string,
  input: z.input<typeof clientDecisionSchema>,
  request: ClientRequest,
) {
  const link = await openForRequest(deps, token, request);
  const fields = parseInput(clientDecisionSchema, input);
  const inLink = await deps.db.story.findFirst({
    where: { AND: [{ id: storyId }, linkStoryFilter(link)] },
    select: { id: true },
  });
  if (!inLink) throw new AppError("NOT_FOUND", "This story is not part of this review link.");
  try {
    return await recordReviewDecision(
      deps,
      {
        kind: "client",
        workspaceId: link.workspaceId,
        reviewLinkId: link.id,
        name: fields.name,
        email: fields.email,
        ip: request.ip,
        userAgent: request.userAgent,
      },
      storyId,
      { version: fields.version, decision: fields.decision, comment: fields.comment || null },
    );
  } catch (error) {
    // The member's wording ("review version 3") means nothing on a page without versions.
    if (isAppError(error, "CONFLICT") && error.details.fields?.version) {
      throw new AppError("CONFLICT", STALE_VERSION_MESSAGE, { fields: { version: STALE_VERSION_MESSAGE } });
    }
    throw error;
  }
}
