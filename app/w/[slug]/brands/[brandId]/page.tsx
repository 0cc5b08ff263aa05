import { ActionButtonForm } from "@/app/_components/action-button";
import { ConfirmPasswordForm } from "@/app/_components/confirm-password-form";
import { DangerZoneForm, DeletionBanner } from "@/app/_components/deletion-forms";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { audienceChannelIds } from "@/app/_lib/audience-channels";
import { webDeps } from "@/app/_lib/deps";
import { metaLoginButtons } from "@/app/_lib/meta-login";
import { orNotFound } from "@/app/_lib/or-not-found";
import { privacySettingsFor } from "@/app/_lib/privacy-settings";
import { passwordIsFresh } from "@/app/_lib/session";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { getCalendarFeedStatus } from "@/lib/calendar/manage-calendar-feed";
import { getConnectionHealth } from "@/lib/channels/get-connection-health";
import { listChannels } from "@/lib/channels/list-channels";
import { APPROVAL_POLICY_SHORT_LABELS, needsApproval } from "@/lib/core/approval-policy";
import { loginsFor } from "@/lib/core/platforms/meta-logins";
import { privacySections } from "@/lib/core/privacy-facts";
import { can } from "@/lib/core/roles";
import { formatUtcOffset, listTimeZones } from "@/lib/core/time-zone";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db } from "@/lib/db/client";
import { listStories } from "@/lib/stories/list-stories";
import { updateBrandAction } from "../../actions";
import { ChannelBadge, PLATFORM_LABELS } from "../../channel-badge";
import { ConnectionHealthList } from "../../connections/connection-health-list";
import { connectionHealthDeps } from "../../connections/health-deps";
import { scheduleBrandDeletionAction, undoBrandDeletionAction } from "../../deletion-actions";
import { scheduleStoryAction } from "../../stories-actions";
import { BrandForm } from "../brand-form";
import { createCalendarFeedAction, revokeCalendarFeedAction } from "./calendar-feed-actions";
import { MetaLoginButtons } from "./channels/meta-login-buttons";
import { addSandboxChannelAction } from "./channels/sandbox-actions";
import { SandboxChannelForm } from "./channels/sandbox-channel-form";
import { repairAction } from "./channels/whatsapp/actions";
import { ScheduleStoryForm } from "./schedule-story-form";
import { StoryList } from "./story-list";

/** The form's suggested time: the next full hour at least half an hour away, in the brand's zone. */
function suggestedLocal(timeZone: string): string {
  const wall = wallClockAt(new Date(Date.now() + 90 * 60_000), timeZone);
  return formatWallClock({ ...wall, minute: 0 });
}

export default async function BrandPage({ params }: { params: Promise<{ slug: string; brandId: string }> }) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const [channels, stories, health, feed, privacySettings] = await Promise.all([
    listChannels(db(), ctx, brand.id),
    listStories(db(), ctx, { brandId: brand.id, limit: 50 }),
    getConnectionHealth(connectionHealthDeps(), ctx, { brandId: brand.id }),
    getCalendarFeedStatus({ db: db() }, ctx, { brandId: brand.id }),
    privacySettingsFor(ctx),
  ]);
  const connected = channels.flatMap((c) => (c.status === "CONNECTED" ? [{ ...c, status: c.status }] : []));
  const manageChannels = can(ctx.role, "channels:manage");
  const connectHref = `/w/${ctx.workspaceSlug}/brands/${brand.id}/channels/new`;
  const pairHref = `/w/${ctx.workspaceSlug}/brands/${brand.id}/channels/whatsapp`;
  const composeHref = `/w/${ctx.workspaceSlug}/brands/${brand.id}/compose`;
  const loginButtons = manageChannels ? metaLoginButtons(webDeps()) : [];
  const channelsBase = `/w/${ctx.workspaceSlug}/brands/${brand.id}/channels`;
  const sandboxPlatforms = (Object.keys(PLATFORM_LABELS) as (keyof typeof PLATFORM_LABELS)[])
    .filter((platform) => !channels.some((c) => c.sandbox && c.platform === platform))
    .map((platform) => ({ platform, label: PLATFORM_LABELS[platform] }));
  return (
    <section className="flex flex-col gap-8">
      {brand.deleteAfter ? (
        <DeletionBanner
          what={brand.name}
          deleteAfter={brand.deleteAfter.toISOString()}
          undo={
            can(ctx.role, "brands:manage")
              ? undoBrandDeletionAction.bind(null, ctx.workspaceSlug, brand.id)
              : undefined
          }
        />
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{brand.name}</h1>
          <p className="text-zinc-600">
            {brand.timeZone} ({formatUtcOffset(brand.timeZone)} now)
            {needsApproval(brand.approvalPolicy)
              ? ` · ${APPROVAL_POLICY_SHORT_LABELS[brand.approvalPolicy]}`
              : ""}
            {brand.quietHoursStart ? ` · quiet ${brand.quietHoursStart}–${brand.quietHoursEnd}` : ""}
          </p>
        </div>
        {/* A download, not a page: a plain link so the browser saves the file. */}
        <a
          href={`/w/${ctx.workspaceSlug}/brands/${brand.id}/plan.csv`}
          download
          className="ml-auto rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50"
        >
          Export plan (CSV)
        </a>
        <Link
          href={`/w/${ctx.workspaceSlug}/brands/${brand.id}/analytics`}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50"
        >
          Analytics
        </Link>
        {can(ctx.role, "stories:edit") ? (
          <Link
            href={`/w/${ctx.workspaceSlug}/brands/${brand.id}/review-links`}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50"
          >
            Share for review
          </Link>
        ) : null}
        {can(ctx.role, "stories:edit") ? (
          <Link
            href={`/w/${ctx.workspaceSlug}/brands/${brand.id}/import`}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50"
          >
            Import a plan (CSV)
          </Link>
        ) : null}
        {can(ctx.role, "stories:edit") ? (
          <Link
            href={composeHref}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
          >
            New story
          </Link>
        ) : null}
      </div>
      <div>
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <h2 id="channels" className="scroll-mt-4 text-lg font-semibold">
            Channels
          </h2>
          {manageChannels ? (
            <span className="ml-auto flex flex-wrap gap-3 text-sm font-medium">
              <Link href={pairHref} className="text-brand-700 underline">
                Connect WhatsApp (scan a QR code)
              </Link>
              <Link href={connectHref} className="text-brand-700 underline">
                Connect a channel
              </Link>
            </span>
          ) : null}
        </div>
        {manageChannels ? (
          <div className="mb-3">
            <MetaLoginButtons base={channelsBase} buttons={loginButtons} />
          </div>
        ) : null}
        <ul aria-labelledby="channels" className="flex flex-col gap-2">
          {channels.map((channel) => (
            <li
              key={channel.id}
              className="flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white p-3"
            >
              <ChannelBadge channel={channel} />
              <span>{channel.displayName}</span>
              {channel.status === "NEEDS_REAUTH" && channel.statusReason ? (
                <span className="text-sm text-amber-800">{channel.statusReason}</span>
              ) : null}
              {channel.status === "NEEDS_REAUTH" && manageChannels ? (
                <Link
                  href={`${connectHref}?channel=${channel.id}`}
                  className="text-sm font-medium text-brand-700 underline"
                  aria-label={`Reconnect ${channel.displayName}`}
                >
                  Reconnect
                </Link>
              ) : null}
              {channel.status === "NEEDS_REAUTH" && manageChannels ? (
                <MetaLoginButtons
                  base={channelsBase}
                  buttons={loginButtons.filter((b) => loginsFor(channel.platform).includes(b.kind))}
                  channel={channel}
                />
              ) : null}
              {/* While it needs re-pairing, the reason above is the news; the last state seen is not. */}
              {channel.sessionState && channel.status === "CONNECTED" ? (
                <span className="text-sm text-zinc-600" data-testid="session-state">
                  Session {channel.sessionState}
                  {channel.sessionCheckedAt ? (
                    <>
                      {" "}
                      · checked <LocalTime instant={channel.sessionCheckedAt.toISOString()} />
                    </>
                  ) : null}
                </span>
              ) : null}
              {channel.sessionState && manageChannels ? (
                // A channel paired by QR code re-pairs in one click: a fresh QR code for the same session.
                <ActionButtonForm
                  action={repairAction.bind(null, ctx.workspaceSlug, brand.id, channel.id)}
                  label="Re-pair"
                  pendingLabel="Restarting the session…"
                  ariaLabel={`Re-pair ${channel.displayName}`}
                  subject={channel.displayName}
                  className="text-sm font-medium text-brand-700 underline"
                />
              ) : null}
              <span className="ml-auto font-mono text-xs text-zinc-500">{channel.externalAccountId}</span>
            </li>
          ))}
        </ul>
        {channels.length === 0 ? <p className="text-zinc-500">No channels connected yet.</p> : null}
        {manageChannels && sandboxPlatforms.length > 0 ? (
          <div className="mt-3">
            <SandboxChannelForm
              action={addSandboxChannelAction.bind(null, ctx.workspaceSlug, brand.id)}
              platforms={sandboxPlatforms}
            />
          </div>
        ) : null}
      </div>
      {health.length > 0 ? (
        <section aria-labelledby="connection-health">
          <div className="mb-3 flex flex-wrap items-center gap-3">
            <h2 id="connection-health" className="scroll-mt-4 text-lg font-semibold">
              Connection health
            </h2>
            <Link
              href={`/w/${ctx.workspaceSlug}/connections`}
              className="ml-auto text-sm font-medium text-brand-700 underline"
            >
              All connections
            </Link>
          </div>
          <ConnectionHealthList
            channels={health}
            slug={ctx.workspaceSlug}
            now={new Date()}
            showBrand={false}
            canManage={manageChannels}
            audienceChannelIds={audienceChannelIds(health)}
            privacy={privacySections(
              health.map((c) => c.platform),
              privacySettings,
            )}
          />
        </section>
      ) : null}
      {can(ctx.role, "stories:edit") ? (
        <div>
          <div className="mb-3 flex flex-wrap items-center gap-3">
            <h2 id="schedule" className="scroll-mt-4 text-lg font-semibold">
              Schedule a story
            </h2>
            <Link href={composeHref} className="ml-auto text-sm font-medium text-brand-700 underline">
              Open the full composer
            </Link>
          </div>
          {connected.length > 0 ? (
            <ScheduleStoryForm
              action={scheduleStoryAction.bind(null, ctx.workspaceSlug, brand.id)}
              channels={connected}
              timeZone={brand.timeZone}
              defaultLocal={suggestedLocal(brand.timeZone)}
            />
          ) : (
            <p className="text-zinc-500">Stories go out on connected channels: connect one first.</p>
          )}
        </div>
      ) : null}
      <div>
        <h2 id="stories" className="mb-3 scroll-mt-4 text-lg font-semibold">
          Stories
        </h2>
        <StoryList stories={stories} slug={ctx.workspaceSlug} timeZone={brand.timeZone} />
      </div>
      {can(ctx.role, "stories:edit") ? (
        <section aria-labelledby="calendar-feed">
          <h2 id="calendar-feed" className="mb-1 text-lg font-semibold">
            Calendar feed
          </h2>
          <p className="mb-3 text-sm text-zinc-600">
            A secret URL that calendar apps (Google Calendar, Outlook, Apple Calendar) subscribe to: one event
            per story going out. Anyone with the URL sees the titles and times, so share it with the team
            only.{" "}
            {feed ? (
              <>
                The current URL was made <LocalTime instant={feed.since.toISOString()} />.
              </>
            ) : (
              "There is no feed yet."
            )}
          </p>
          <div className="flex flex-wrap items-start gap-4">
            <ActionButtonForm
              action={createCalendarFeedAction.bind(null, ctx.workspaceSlug, brand.id)}
              label={feed ? "Make a new URL" : "Create the feed URL"}
              pendingLabel="Making the URL…"
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50"
              confirm={
                feed
                  ? {
                      title: "Make a new feed URL?",
                      description: "Calendars subscribed to the current URL stop updating.",
                      confirmLabel: "Make a new URL",
                    }
                  : undefined
              }
            />
            {feed ? (
              <ActionButtonForm
                action={revokeCalendarFeedAction.bind(null, ctx.workspaceSlug, brand.id)}
                label="Revoke the feed"
                pendingLabel="Revoking…"
                className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
                confirm={{
                  title: "Revoke the calendar feed?",
                  description:
                    "The URL answers nothing from now on; calendars subscribed to it stop updating.",
                  confirmLabel: "Revoke",
                  destructive: true,
                }}
              />
            ) : null}
          </div>
        </section>
      ) : null}
      {can(ctx.role, "brands:manage") ? (
        <div>
          <h2 className="mb-3 text-lg font-semibold">Settings</h2>
          <BrandForm
            action={updateBrandAction.bind(null, ctx.workspaceSlug, brand.id)}
            timeZones={listTimeZones()}
            brand={brand}
            submitLabel="Save brand"
          />
        </div>
      ) : null}
      {can(ctx.role, "brands:manage") && !brand.deleteAfter ? (
        (await passwordIsFresh()) ? (
          <DangerZoneForm
            action={scheduleBrandDeletionAction.bind(null, ctx.workspaceSlug, brand.id)}
            heading="Delete this brand"
            explanation={`Its channels, stories, media and analytics are deleted 7 days from now, and its connections are revoked at Instagram, Facebook and WhatsApp. Until then nothing is published and you can undo. The audit log keeps its entries.`}
            confirmLabel={`Type the brand's name (${brand.name}) to confirm`}
            confirmName="confirmName"
            buttonLabel="Delete brand"
          />
        ) : (
          <ConfirmPasswordForm doing="delete this brand" />
        )
      ) : null}
    </section>
  );
}
