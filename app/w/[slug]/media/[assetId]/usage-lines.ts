import type { MediaUsage } from "@/lib/media/media-usage";

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What saving a new framing does to the stories using the file, one sentence each (MediaUsage's rule). */
export function usageLines(usage: MediaUsage): string[] {
  const lines: string[] = [];
  if (usage.upcoming > 0)
    lines.push(
      `Used by ${plural(usage.upcoming, "story", "stories")} not yet published; ${usage.upcoming === 1 ? "it" : "they"} will go out with the new framing.`,
    );
  if (usage.sent > 0)
    lines.push(
      `${plural(usage.sent, "story has", "stories have")} already gone out with this picture: the platforms keep what they received (StoryRelay's pages show the new framing for them too), and a channel retried later gets the new framing.`,
    );
  if (usage.publishing.length > 0)
    lines.push(
      `${plural(usage.publishing.length, "story is", "stories are")} being published with it right now.`,
    );
  if (lines.length === 0) lines.push("No story uses this file yet.");
  return lines;
}
