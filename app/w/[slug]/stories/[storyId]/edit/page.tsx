import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { privacySettingsFor } from "@/app/_lib/privacy-settings";
import { requireWorkspace } from "@/app/_lib/workspace";
import { privacySections } from "@/lib/core/privacy-facts";
import { can } from "@/lib/core/roles";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getStory } from "@/lib/stories/get-story";
import { contentOfStory, EDITABLE_STATUSES, isAssetId } from "@/lib/stories/story-content";
import { composeStoryAction } from "../../../composer-actions";
import { Composer } from "../../composer/composer";
import { composerData, suggestedLocal } from "../../composer/composer-data";
import { reviewersOf } from "../../composer/reviewers-of";
import { StoryStatusBadge } from "../../story-labels";

export const metadata = { title: "Edit story" };

export default async function EditStoryPage({
  params,
}: {
  params: Promise<{ slug: string; storyId: string }>;
}) {
  const { slug, storyId } = await params;
  const ctx = await requireWorkspace(slug);
  const story = await orNotFound(getStory(db(), ctx, storyId));
  const storyHref = `/w/${ctx.workspaceSlug}/stories/${story.id}`;
  const header = (
    <div>
      <p className="text-sm">
        <Link href={storyHref} className="text-brand-700 hover:underline">
          Back to the story
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Edit story · {story.brand.name}</h1>
        <StoryStatusBadge status={story.status} />
      </div>
    </div>
  );
  if (!can(ctx.role, "stories:edit") || !EDITABLE_STATUSES.includes(story.status)) {
    return (
      <section className="flex flex-col gap-4">
        {header}
        <p>
          {can(ctx.role, "stories:edit")
            ? `This story is ${story.status.toLowerCase()} and can no longer be edited. Duplicate it to reuse it.`
            : `Your role (${ctx.role.toLowerCase()}) cannot edit stories.`}
        </p>
      </section>
    );
  }
  const content = await contentOfStory(db(), ctx, story.id);
  const { media, channels } = await composerData(
    ctx,
    story.brand.id,
    content.frames.filter(isAssetId),
    story.id,
  );
  const zone = story.brand.timeZone;
  return (
    <section className="flex flex-col gap-6">
      {header}
      <Composer
        action={composeStoryAction.bind(null, ctx.workspaceSlug)}
        brandId={story.brand.id}
        timeZone={zone}
        horizonDays={env().SCHEDULE_HORIZON_DAYS}
        media={media}
        channels={channels}
        privacy={privacySections(
          channels.map((c) => c.platform),
          await privacySettingsFor(ctx),
        )}
        reviewBy={reviewersOf(story.brand, "author")}
        handoffTo={
          story.author?.id === ctx.userId
            ? { name: "you", plural: true }
            : story.author
              ? { name: story.author.name, plural: false }
              : { name: "the owners and admins", plural: true }
        }
        initial={{
          storyId: story.id,
          title: content.title,
          frames: content.frames,
          channelIds: content.channelIds,
          whatsappText: content.whatsappText ?? "",
          overrides: content.overrides,
          stickers: content.stickers,
          local: story.scheduledAt
            ? formatWallClock(wallClockAt(story.scheduledAt, zone))
            : suggestedLocal(zone),
        }}
      />
    </section>
  );
}
