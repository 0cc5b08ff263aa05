import { clientRequestOf, reviewDeps } from "@/app/review/_lib/review-deps";
import { reviewJson } from "@/app/review/_lib/review-json";
import { decideThroughReviewLink } from "@/lib/review-links/decide-through-review-link";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string; storyId: string }> };

// POST /review/:token/stories/:storyId/decision – a client's approval or request for changes, through a review link
export async function POST(request: Request, { params }: Params) {
  const { token, storyId } = await params;
  return reviewJson(request, async (body) => {
    const result = await decideThroughReviewLink(
      reviewDeps(),
      token,
      storyId,
      body as Parameters<typeof decideThroughReviewLink>[3],
      clientRequestOf(request.headers),
    );
    return { status: result.story.status, waitingFor: result.waitingFor, needsNewTime: result.needsNewTime };
  });
}
