import type { ReactNode } from "react";
import { ActionButtonForm } from "@/app/_components/action-button";
import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import {
  getHomeOverview,
  type HomeList,
  type HomeOverview,
  type HomeStory,
} from "@/lib/home/get-home-overview";
import { shownTargetState } from "@/lib/stories/shown-state";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { ChannelBadge } from "./channel-badge";
import { FirstSteps } from "./first-steps";
import { FrameThumbnails } from "./frame-thumbnails";
import { HomeTime } from "./home-time";
import { NewStoryButton } from "./new-story-button";
import { StoryStatusBadge, TargetStateBadge } from "./stories/story-labels";
import { retryTargetAction } from "./stories-actions";
import { thumbnailSigner } from "./thumbnail-urls";

// /w/[slug] – what needs the member today: failures to retry, reviews, channels to reconnect,
// what goes out next and what went out. An empty workspace shows its first three steps instead.

type Sign = ReturnType<typeof thumbnailSigner>;

const link = "text-brand-700 underline underline-offset-2 hover:text-brand-600";

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireWorkspace((await params).slug);
  const home = await getHomeOverview(db(), ctx);
  const sign = thumbnailSigner();
  const base = `/w/${ctx.workspaceSlug}`;
  const canEdit = can(ctx.role, "stories:edit");
  const calendar = (query: string) => `${base}/calendar?view=list${query}`;
  const now = new Date();
  return (
    <section className="flex flex-col gap-8">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{ctx.workspaceName}</h1>
        {canEdit && home.brands.length > 0 ? <NewStoryButton base={base} brands={home.brands} /> : null}
      </div>

      {home.firstSteps.story ? null : (
        <FirstSteps
          base={base}
          steps={home.firstSteps}
          brands={home.brands}
          canManage={can(ctx.role, "brands:manage") && can(ctx.role, "channels:manage")}
          canEdit={canEdit}
        />
      )}

      {home.channels.items.length > 0 ? (
        <HomeSection
          id="channels"
          title="Channels to reconnect"
          count={home.channels.items.length + home.channels.more}
          more={home.channels.more > 0 ? { count: home.channels.more, href: `${base}/brands` } : null}
        >
          <ul className="flex flex-col gap-2">
            {home.channels.items.map((channel) => (
              <li
                key={channel.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-zinc-200 bg-white p-3"
              >
                <ChannelBadge channel={channel} />
                <span className="font-medium">{channel.displayName}</span>
                <span className="text-sm text-zinc-600">{channel.brand.name}</span>
                <span className="basis-full text-sm text-amber-800 sm:basis-auto">
                  {channel.status === "NEEDS_REAUTH" ? (
                    (channel.statusReason ?? "The platform no longer accepts its token.")
                  ) : channel.tokenExpiresAt ? (
                    <>
                      {channel.tokenExpiresAt < now ? "Its token expired" : "Its token expires"}{" "}
                      <HomeTime
                        instant={channel.tokenExpiresAt.toISOString()}
                        zone={channel.brand.timeZone}
                      />
                    </>
                  ) : null}
                </span>
                {can(ctx.role, "channels:manage") ? (
                  <Link
                    href={`${base}/brands/${channel.brandId}/channels/new?channel=${channel.id}`}
                    className={`ml-auto text-sm font-medium ${link}`}
                    aria-label={`Reconnect ${channel.displayName}`}
                  >
                    Reconnect
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </HomeSection>
      ) : null}

      {home.firstSteps.story ? (
        <>
          <StorySection
            id="failing"
            title="Failed or partly published"
            empty="Nothing failed in the last 7 days."
            list={home.failing}
            moreHref={calendar("&status=FAILED")}
            sign={sign}
            base={base}
            when="scheduled"
            footer={(story) => <FailedChannels story={story} ctx={ctx} canRetry={canEdit} />}
          />
          <StorySection
            id="review"
            title="Waiting for review"
            empty="No story is waiting for review."
            list={home.inReview}
            moreHref={calendar("&status=IN_REVIEW")}
            sign={sign}
            base={base}
            when="scheduled"
          />
          <StorySection
            id="upcoming"
            title="Going out in the next 24 hours"
            empty="Nothing is scheduled for the next 24 hours."
            list={home.upcoming}
            moreHref={calendar("")}
            sign={sign}
            base={base}
            when="scheduled"
          />
          <StorySection
            id="recent"
            title="Went out in the last 24 hours"
            empty="Nothing went out in the last 24 hours."
            list={home.recent}
            moreHref={calendar("&status=PUBLISHED")}
            sign={sign}
            base={base}
            when="published"
          />
        </>
      ) : null}

      {home.brands.length > 0 ? <BrandList base={base} brands={home.brands} canEdit={canEdit} /> : null}
    </section>
  );
}

function HomeSection({
  id,
  title,
  count,
  more,
  children,
}: {
  id: string;
  title: string;
  count: number;
  more: { count: number; href: string } | null;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`home-${id}`} data-testid={`home-${id}`} className="flex flex-col gap-3">
      <h2 id={`home-${id}`} className="text-lg font-semibold">
        {title} {count > 0 ? <span className="text-zinc-500">({count})</span> : null}
      </h2>
      {children}
      {more ? (
        <p className="text-sm">
          <Link href={more.href} className={link}>
            {more.count} more
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function StorySection({
  id,
  title,
  empty,
  list,
  moreHref,
  sign,
  base,
  when,
  footer,
}: {
  id: string;
  title: string;
  empty: string;
  list: HomeList<HomeStory>;
  moreHref: string;
  sign: Sign;
  base: string;
  when: "scheduled" | "published";
  footer?: (story: HomeStory) => ReactNode;
}) {
  return (
    <HomeSection
      id={id}
      title={title}
      count={list.items.length + list.more}
      more={list.more > 0 ? { count: list.more, href: moreHref } : null}
    >
      {list.items.length === 0 ? (
        <p className="text-sm text-zinc-500">{empty}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {list.items.map((story) => (
            <StoryRow key={story.id} story={story} sign={sign} base={base} when={when}>
              {footer?.(story)}
            </StoryRow>
          ))}
        </ul>
      )}
    </HomeSection>
  );
}

function StoryRow({
  story,
  sign,
  base,
  when,
  children,
}: {
  story: HomeStory;
  sign: Sign;
  base: string;
  when: "scheduled" | "published";
  children?: ReactNode;
}) {
  const instant = when === "published" ? story.publishedAt : story.scheduledAt;
  return (
    <li
      data-testid="home-story"
      className="flex items-start gap-3 rounded-lg border border-zinc-200 bg-white p-3"
    >
      <FrameThumbnails
        frames={story.frames.map((frame) => ({ ...frame, url: sign(frame.thumbnailKey) }))}
        total={story.frameCount}
      />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Link href={`${base}/stories/${story.id}`} className={`min-w-0 font-medium break-words ${link}`}>
            {story.title}
          </Link>
          <StoryStatusBadge status={story.status} />
        </div>
        <p className="text-sm text-zinc-600">
          {story.brand.name}
          {instant ? (
            <>
              {" · "}
              {when === "published" ? "went out " : ""}
              <HomeTime instant={instant.toISOString()} zone={story.timeZone} />
            </>
          ) : (
            " · no time set"
          )}
        </p>
        <ul className="flex flex-wrap gap-1.5" aria-label="Channels">
          {story.targets.map((target) => (
            <li
              key={target.id}
              className="flex items-center gap-0.5 rounded-full border border-zinc-200 text-xs"
              title={target.channel.displayName}
            >
              <ChannelBadge channel={target.channel} />{" "}
              <TargetStateBadge state={shownTargetState(target.state, story.status)} />
            </li>
          ))}
        </ul>
        {children}
      </div>
    </li>
  );
}

/** Each failed channel of a story with its reason and, for editors, a Retry. */
function FailedChannels({
  story,
  ctx,
  canRetry,
}: {
  story: HomeStory;
  ctx: WorkspaceContext;
  canRetry: boolean;
}) {
  const failed = story.targets.filter((t) => t.state === "FAILED");
  if (failed.length === 0) return null;
  const storyHref = `/w/${ctx.workspaceSlug}/stories/${story.id}`;
  return (
    <ul className="mt-1 flex flex-col gap-2">
      {failed.map((target) => (
        <li key={target.id} className="flex flex-col gap-1 rounded-md bg-red-50 p-2">
          <p className="text-sm text-red-900">
            <strong>{target.channel.displayName}:</strong> {target.lastErrorMessage ?? "It did not go out."}
          </p>
          {canRetry ? (
            // Once retried the story is no longer failing and this row leaves the list in the
            // refresh that brings the answer; the notification region keeps it, with the way on.
            <ActionButtonForm
              action={retryTargetAction.bind(null, ctx.workspaceSlug, story.id, target.id)}
              label="Retry"
              pendingLabel="Retrying…"
              ariaLabel={`Retry ${target.channel.displayName}`}
              className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60"
              subject={`“${story.title}” on ${target.channel.displayName}`}
              successLink={{ href: storyHref, text: "Follow it on the story page" }}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function BrandList({
  base,
  brands,
  canEdit,
}: {
  base: string;
  brands: HomeOverview["brands"];
  canEdit: boolean;
}) {
  return (
    <section aria-labelledby="home-brands" className="flex flex-col gap-3">
      <h2 id="home-brands" className="text-lg font-semibold">
        Brands
      </h2>
      <ul className="grid gap-2 sm:grid-cols-2">
        {brands.map((brand) => (
          <li
            key={brand.id}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-zinc-200 bg-white p-3"
          >
            <div className="min-w-0">
              <Link href={`${base}/brands/${brand.id}`} className={`font-medium break-words ${link}`}>
                {brand.name}
              </Link>
              <p className="text-xs text-zinc-500">
                {brand.timeZone} · {brand.channels} channel{brand.channels === 1 ? "" : "s"}
              </p>
            </div>
            {canEdit ? (
              <Link
                href={`${base}/brands/${brand.id}/compose`}
                className="ml-auto rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm font-medium no-underline hover:bg-zinc-50"
                title={`New story for ${brand.name}`}
              >
                New story
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
