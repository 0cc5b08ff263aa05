import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import type { StoryFrameReplies } from "@/lib/inbox/list-story-replies";
import { PLATFORM_LABELS } from "../../channel-badge";

const KIND_LABELS: Record<string, string> = {
  STORY_REPLY: "replied",
  STORY_REACTION: "reacted",
  STORY_MENTION: "mentioned",
};

/** People's replies and reactions to the story, frame by frame, each opening its conversation in the inbox. */
export function StoryReplies({
  frames,
  base,
  storyId,
}: {
  frames: StoryFrameReplies;
  base: string;
  storyId: string;
}) {
  const total = frames.reduce((sum, f) => sum + f.count, 0);
  return (
    <section aria-labelledby="replies-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="replies-heading" className="text-lg font-semibold">
          Replies {total > 0 ? <span className="text-zinc-500">({total})</span> : null}
        </h2>
        {total > 0 ? (
          <Link
            href={`${base}/inbox?story=${storyId}&status=ALL`}
            className="text-sm text-brand-700 underline"
          >
            Open these conversations in the inbox
          </Link>
        ) : null}
      </div>
      {total === 0 ? (
        <p className="text-sm text-zinc-600">
          No replies or reactions yet. They appear here and in the inbox as people send them.
        </p>
      ) : (
        <ol className="flex flex-col gap-3">
          {frames
            .filter((f) => f.count > 0)
            .map((frame) => (
              <li key={frame.frameId} className="flex flex-col gap-1">
                <h3 className="text-sm font-medium">
                  Frame {frame.position + 1} · {frame.count} {frame.count === 1 ? "reply" : "replies"}
                </h3>
                <ul className="flex flex-col divide-y divide-zinc-200 rounded-md border border-zinc-200 bg-white">
                  {frame.replies.map((r) => (
                    <li key={r.id}>
                      <Link
                        href={`${base}/inbox/${r.conversationId}`}
                        className="flex flex-col gap-0.5 p-2 text-sm hover:bg-zinc-50"
                      >
                        <span>
                          <span className="font-medium">{r.person}</span> {KIND_LABELS[r.kind] ?? "wrote"} on{" "}
                          {PLATFORM_LABELS[r.platform]}
                        </span>
                        <span className="break-words text-zinc-800">
                          {r.purgedAt ? (
                            <em className="text-zinc-500">Removed after the retention period.</em>
                          ) : (
                            r.text
                          )}
                        </span>
                        <span className="text-xs text-zinc-500">
                          <LocalTime instant={r.sentAt.toISOString()} />
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}
