import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { type ChannelInsights, getStoryInsights } from "@/lib/analytics/get-story-insights";
import { listChannels } from "@/lib/channels/list-channels";
import { STORY_LIVE_MS } from "@/lib/core/insights";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { listStoryReplies } from "@/lib/inbox/list-story-replies";
import { isClientMember } from "@/lib/workspaces/context";
import {
  formatCount,
  formatPercent,
  LineChart,
  NoNumbers,
  SAMPLE_NOTE,
  Stat,
} from "../../../analytics/analytics-ui";
import { PLATFORM_LABELS } from "../../../channel-badge";

export const metadata = { title: "Story analytics" };

const HOUR = 3_600_000;

export default async function StoryInsightsPage({
  params,
}: {
  params: Promise<{ slug: string; storyId: string }>;
}) {
  const { slug, storyId } = await params;
  const ctx = await requireWorkspace(slug);
  const insights = await orNotFound(getStoryInsights(db(), ctx, storyId));
  const channels = await listChannels(db(), ctx, insights.brandId);
  const sandbox = new Set(channels.filter((c) => c.sandbox).map((c) => c.id));
  const base = `/w/${ctx.workspaceSlug}`;
  // Replies kept in the inbox, counted per frame (a client reviewer does not read the inbox).
  const replies =
    can(ctx.role, "inbox:view") && !isClientMember(ctx)
      ? await listStoryReplies(db(), ctx, insights.storyId)
      : null;
  const showsNumbers = insights.channels.some(
    (c) => c.insights.kind === "numbers" && sandbox.has(c.channelId),
  );
  return (
    <article className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm">
          <Link href={`${base}/stories/${insights.storyId}`} className="text-brand-700 hover:underline">
            ← {insights.title || "Untitled story"}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Story analytics</h1>
        <p className="text-sm text-zinc-600">
          Numbers are read at about 1, 6, 12 and 20 hours after a story goes out, and a last time before it
          disappears at 24 hours; after that they are final. Aggregates only: never who viewed.
        </p>
        {showsNumbers ? (
          <p className="text-sm text-amber-800" data-testid="sample-note">
            {SAMPLE_NOTE}
          </p>
        ) : null}
      </div>
      {replies?.some((f) => f.count > 0) ? (
        <section
          aria-labelledby="replies-per-frame"
          className="flex flex-col gap-1"
          data-testid="replies-per-frame"
        >
          <h2 id="replies-per-frame" className="font-medium">
            Replies in the inbox, per frame
          </h2>
          <ul className="flex flex-wrap gap-3 text-sm">
            {replies.map((frame) => (
              <li key={frame.frameId}>
                Frame {frame.position + 1}: <span className="font-medium tabular-nums">{frame.count}</span>
              </li>
            ))}
          </ul>
          <Link
            href={`${base}/inbox?story=${insights.storyId}&status=ALL`}
            className="text-sm text-brand-700 underline"
          >
            Open them in the inbox
          </Link>
        </section>
      ) : null}
      {insights.channels.length === 0 ? (
        <p className="text-sm text-zinc-600">This story has no channels.</p>
      ) : null}
      {insights.channels.map((channel) => (
        <section
          key={channel.targetId}
          aria-labelledby={`insights-${channel.targetId}`}
          className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-4"
          data-testid="channel-insights"
          data-platform={channel.platform}
        >
          <h2 id={`insights-${channel.targetId}`} className="font-medium">
            {PLATFORM_LABELS[channel.platform]} · {channel.displayName}
          </h2>
          <ChannelBody
            insights={channel.insights}
            zone={insights.timeZone}
            platformName={PLATFORM_LABELS[channel.platform]}
          />
        </section>
      ))}
    </article>
  );
}

function ChannelBody({
  insights,
  zone,
  platformName,
}: {
  insights: ChannelInsights;
  zone: string;
  platformName: string;
}) {
  if (insights.kind === "none") return <NoNumbers why={insights.why} />;
  if (insights.kind === "not-published") {
    return <p className="text-sm text-zinc-600">Not published on this channel, so there are no numbers.</p>;
  }
  if (insights.kind === "waiting" && insights.expired) {
    return (
      <p className="text-sm text-zinc-700" data-testid="first-reading">
        No numbers were read while this story was live, and {platformName} keeps them only for its 24 hours:
        they cannot be read any more.
      </p>
    );
  }
  if (insights.kind === "waiting") {
    return (
      <p className="text-sm text-zinc-700" data-testid="first-reading">
        {insights.overdue ? "The first reading was due " : "No numbers yet: the first reading is due "}
        <LocalTime instant={insights.firstReadingDue.toISOString()} zone={zone} />
        {insights.overdue
          ? " and has not arrived yet; it is retried while the story is live."
          : ", an hour after it went out."}
      </p>
    );
  }
  const t = insights.totals;
  const read = (
    <p className="text-sm text-zinc-600" data-testid="insights-read">
      Read <LocalTime instant={insights.capturedAt.toISOString()} zone={zone} />
      {insights.final ? (
        <strong className="font-medium text-zinc-800"> · final</strong>
      ) : (
        <>
          {" "}
          · still live, read again until <LocalTime instant={insights.liveUntil.toISOString()} zone={zone} />
        </>
      )}
    </p>
  );
  if (insights.tooFewViewers) {
    return (
      <>
        <p
          className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm"
          data-testid="too-few-viewers"
        >
          Too few viewers to report: {platformName} gives no numbers for a story seen by fewer than 5 people.
        </p>
        {read}
      </>
    );
  }
  const navigation = [
    ["Forward taps", t.tapForward],
    ["Back taps", t.tapBack],
    ["Exits", t.tapExit],
    ["Swipes to the next account", t.swipeForward],
  ] as const;
  return (
    <>
      {read}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="latest-numbers">
        <Stat label="Views" value={formatCount(t.views)} testId="metric-views" />
        <Stat label="Reach (people)" value={formatCount(t.reach)} testId="metric-reach" />
        <Stat label="Replies" value={formatCount(t.replies)} />
        <Stat label="Shares" value={formatCount(t.shares)} />
        <Stat label="Follows" value={formatCount(t.follows)} />
        <Stat label="Profile visits" value={formatCount(t.profileVisits)} />
        <Stat label="Interactions" value={formatCount(t.totalInteractions)} />
        <Stat
          label="Navigation"
          value={formatCount(t.navigation)}
          hint={navigation.map(([label, value]) => `${label} ${formatCount(value)}`).join(" · ")}
        />
      </dl>
      {t.framesWithNumbers < t.frameCount ? (
        <p className="text-xs text-zinc-600">
          {t.frameCount - t.framesWithNumbers} of {t.frameCount} frames had too few viewers to report and are
          left out.
        </p>
      ) : null}
      <section aria-label="Growth over the story's life" className="flex flex-col gap-1">
        <h3 className="text-sm font-medium">Growth over its 24 hours</h3>
        {insights.growth.length === 0 ? (
          <p className="text-sm text-zinc-600">No readings with numbers yet.</p>
        ) : (
          <LineChart
            testId="growth-chart"
            label={`Views and reach at each reading: ${insights.growth
              .map(
                (p) =>
                  `${Math.round((p.at.getTime() - insights.publishedAt.getTime()) / HOUR)} h: ${formatCount(p.views)} views, ${formatCount(p.reach)} reached`,
              )
              .join("; ")}`}
            xs={insights.growth.map((p) => (p.at.getTime() - insights.publishedAt.getTime()) / HOUR)}
            xMax={STORY_LIVE_MS / HOUR}
            series={[
              { name: "Views", color: "#6d28d9", values: insights.growth.map((p) => p.views) },
              { name: "Reach", color: "#0d9488", values: insights.growth.map((p) => p.reach) },
            ]}
            ticks={[0, 6, 12, 18, 24].map((h) => ({ x: h, label: `${h} h` }))}
          />
        )}
      </section>
      {insights.funnel ? <Funnel funnel={insights.funnel} completion={t.completion} /> : null}
    </>
  );
}

function Funnel({
  funnel,
  completion,
}: {
  funnel: NonNullable<Extract<ChannelInsights, { kind: "numbers" }>["funnel"]>;
  completion: number | null;
}) {
  const top = Math.max(1, ...funnel.steps.map((s) => s.viewers ?? 0));
  return (
    <section aria-labelledby="funnel-heading" className="flex flex-col gap-2" data-testid="funnel">
      <h3 id="funnel-heading" className="text-sm font-medium">
        Frame by frame · completion {formatPercent(completion)}
      </h3>
      <ol className="flex flex-col gap-2">
        {funnel.steps.map((step) => {
          const worst = step.position === funnel.worstAt;
          return (
            <li
              key={step.position}
              data-testid="funnel-step"
              data-worst={worst ? "true" : undefined}
              className={`rounded-md border px-3 py-2 text-sm ${worst ? "border-red-300 bg-red-50" : "border-zinc-200"}`}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">Frame {step.position + 1}</span>
                <span className="tabular-nums">
                  {step.tooFewViewers ? "too few viewers to report" : `${formatCount(step.viewers)} viewers`}
                  {step.dropPct !== null ? (
                    <span className={worst ? "font-semibold text-red-800" : "text-zinc-600"}>
                      {" "}
                      · {step.dropPct >= 0 ? `${step.dropPct}% dropped` : `${-step.dropPct}% more`} since
                      frame {step.position}
                      {worst ? " (largest drop)" : ""}
                    </span>
                  ) : null}
                </span>
              </div>
              <div className="mt-1 h-2 rounded bg-zinc-100" aria-hidden="true">
                <div
                  className={`h-2 rounded ${worst ? "bg-red-500" : "bg-brand-600"}`}
                  style={{ width: `${Math.round(((step.viewers ?? 0) / top) * 100)}%` }}
                />
              </div>
              <p className="mt-1 text-xs text-zinc-600 tabular-nums">
                Forward {formatCount(step.tapForward)} · back {formatCount(step.tapBack)} · exits{" "}
                {formatCount(step.tapExit)} · swipes away {formatCount(step.swipeForward)}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
