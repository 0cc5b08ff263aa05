import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { storyWait } from "@/lib/core/target-wait";
import { frameLabel } from "@/lib/stories/frame-label";
import type { StoryListItem } from "@/lib/stories/list-stories";
import { shownTargetState, UNSCHEDULED_STATUSES } from "@/lib/stories/shown-state";
import { StoryStatusBadge, TargetStateBadge, WaitingBadge } from "../../stories/story-labels";

const PLATFORM_SHORT = { INSTAGRAM: "Instagram", FACEBOOK: "Facebook", WHATSAPP: "WhatsApp" } as const;

/** A brand's stories, latest scheduled first, each linking to its page. */
export function StoryList({
  stories,
  slug,
  timeZone,
}: {
  stories: StoryListItem[];
  slug: string;
  timeZone: string;
}) {
  if (stories.length === 0) return <p className="text-zinc-500">No stories yet.</p>;
  const now = new Date();
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-2 pr-3">Story</th>
          <th className="pr-3">Time</th>
          <th className="pr-3">Status</th>
          <th>Channels</th>
        </tr>
      </thead>
      <tbody>
        {stories.map((story) => {
          const first = story.frames[0] && frameLabel(story.frames[0]);
          // No title and no frame: nothing to call it by, and it is no "text story" either.
          const name = story.title || first || "Untitled story";
          const more = story._count.frames > 1 ? ` +${story._count.frames - 1}` : "";
          return (
            <tr key={story.id} className="border-t border-zinc-200 align-top">
              <td className="py-2">
                <Link href={`/w/${slug}/stories/${story.id}`} className="font-medium hover:underline">
                  {name}
                </Link>
                {more ? <span className="text-zinc-500">{more} frames</span> : null}
                {story._count.frames === 0 ? <span className="text-zinc-500"> · no frames yet</span> : null}
              </td>
              <td className="py-2 pr-3">
                {story.scheduledAt ? (
                  <LocalTime instant={story.scheduledAt.toISOString()} zone={timeZone} />
                ) : (
                  "—"
                )}
                {story.scheduledAt && UNSCHEDULED_STATUSES.includes(story.status) ? (
                  <span className="text-zinc-500"> (planned, not scheduled)</span>
                ) : null}
              </td>
              <td className="py-2 pr-3">
                {storyWait({ ...story, freshnessDeadline: null }, now) ? (
                  <WaitingBadge />
                ) : (
                  <StoryStatusBadge status={story.status} />
                )}
              </td>
              <td className="py-2">
                <ul className="flex flex-wrap gap-1">
                  {story.targets.map((target) => (
                    <li
                      key={target.id}
                      title={target.channel.displayName}
                      className="flex items-center gap-1 text-xs"
                    >
                      {PLATFORM_SHORT[target.channel.platform]}{" "}
                      <TargetStateBadge state={shownTargetState(target.state, story.status)} />
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
