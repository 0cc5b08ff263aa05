import { clientRequestOf, reviewDeps } from "@/app/review/_lib/review-deps";
import { reviewJson } from "@/app/review/_lib/review-json";
import { commentThroughReviewLink } from "@/lib/review-links/comment-through-review-link";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string; storyId: string }> };

// POST /review/:token/stories/:storyId/comment – a client's comment on a story, through a review link
export async function POST(request: Request, { params }: Params) {
  const { token, storyId } = await params;
  return reviewJson(request, async (body) => {
    const comment = await commentThroughReviewLink(
      reviewDeps(),
      token,
      storyId,
      body as Parameters<typeof commentThroughReviewLink>[3],
      clientRequestOf(request.headers),
    );
    return {
      id: comment.id,
      body: comment.body,
      authorName: comment.authorName,
      createdAt: comment.createdAt,
    };
  });
}
