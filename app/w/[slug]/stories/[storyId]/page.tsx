import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { audienceChannelIds } from "@/app/_lib/audience-channels";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getStoryAudiences, type TargetAudienceView } from "@/lib/audiences/get-story-audiences";
import { viewOnPlatformUrl } from "@/lib/channels/view-on-platform";
import { listComments } from "@/lib/comments/list-comments";
import { listMentionableMembers } from "@/lib/comments/list-mentionable-members";
import { teamVoteCounts, voteOf, waitingForOf } from "@/lib/core/approval-policy";
import { DEFAULT_TEXT_BACKGROUND } from "@/lib/core/platform-limits";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listStoryReplies } from "@/lib/inbox/list-story-replies";
import { type ChangesSinceApproval, changesSinceApproval } from "@/lib/stories/changes-since-approval";
import { frameLabel } from "@/lib/stories/frame-label";
import { getStory, type StoryDetail } from "@/lib/stories/get-story";
import { listFrameThumbnails } from "@/lib/stories/list-frame-thumbnails";
import { shownFrameState, shownTargetState, UNSCHEDULED_STATUSES } from "@/lib/stories/shown-state";
import { EDITABLE_STATUSES } from "@/lib/stories/story-content";
import { isClientMember } from "@/lib/workspaces/context";
import { ChannelBadge } from "../../channel-badge";
import { addCommentAction } from "../../comments-actions";
import { duplicateStoryAction, publishNowAction } from "../../composer-actions";
import { FrameThumbnail } from "../../frame-thumbnails";
import {
  cancelStoryAction,
  completeHandoffAction,
  resolveUnconfirmedAction,
  retryTargetAction,
  reviewStoryAction,
} from "../../stories-actions";
import { thumbnailSigner } from "../../thumbnail-urls";
import { reviewersOf } from "../composer/reviewers-of";
import {
  ATTEMPT_OUTCOME_LABELS,
  ERROR_CLASS_LABELS,
  IN_PROGRESS_STATUSES,
  StoryStatusBadge,
  TargetStateBadge,
  WaitingBadge,
} from "../story-labels";
import { AutoRefresh } from "./auto-refresh";
import { CommentsSection } from "./comments";
import {
  CancelStoryForm,
  CompleteHandoffForm,
  DuplicateStoryForm,
  PublishNowForm,
  ResolveUnconfirmedForm,
  RetryTargetForm,
  ReviewStoryForm,
} from "./story-controls";
import { StoryReplies } from "./story-replies";

// Same list as cancelStory's: a story can be canceled until it has ended.
const CANCELABLE = ["DRAFT", "IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHING"];

type Target = StoryDetail["targets"][number];

export const metadata = { title: "Story" };

export default async function StoryPage({ params }: { params: Promise<{ slug: string; storyId: string }> }) {
  const { slug, storyId } = await params;
  const ctx = await requireWorkspace(slug);
  const story = await orNotFound(getStory(db(), ctx, storyId));
  const thumbnails = await listFrameThumbnails(db(), ctx, story.id);
  const canComment = can(ctx.role, "stories:comment");
  // A client reviewer sees the story, not what people wrote to the brand about it.
  const readsInbox = can(ctx.role, "inbox:view") && !isClientMember(ctx);
  const [comments, mentionable, replies] = await Promise.all([
    listComments(db(), ctx, story.id),
    canComment ? listMentionableMembers(db(), ctx, story.id) : [],
    readsInbox ? listStoryReplies(db(), ctx, story.id) : null,
  ]);
  const sign = thumbnailSigner();
  const zone = story.timeZone ?? story.brand.timeZone;
  const canEdit = can(ctx.role, "stories:edit");
  // Who each WhatsApp status goes to (decision 033); channels without a choice are not listed.
  const audiences = await getStoryAudiences(db(), ctx, story.id);
  const audienceChannels = audienceChannelIds(story.targets.map((t) => t.channel));
  const changes =
    story.status === "IN_REVIEW"
      ? ((await changesSinceApproval(db(), ctx.workspaceId, [story], ctx.userId)).get(story.id) ?? null)
      : null;
  const title = story.title || (story.frames[0] && frameLabel(story.frames[0])) || "Untitled story";
  const base = `/w/${ctx.workspaceSlug}`;
  const planned = UNSCHEDULED_STATUSES.includes(story.status);
  const simulatorUrl = env().SIMULATOR_URL;
  return (
    <article className="flex flex-col gap-6">
      <AutoRefresh
        active={IN_PROGRESS_STATUSES.includes(story.status)}
        dueAt={story.status === "SCHEDULED" ? (story.scheduledAt?.toISOString() ?? null) : null}
      />
      <div className="flex flex-col gap-2">
        <p className="text-sm">
          <Link href={`${base}/brands/${story.brand.id}`} className="text-brand-700 hover:underline">
            {story.brand.name}
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{title}</h1>
          <span data-testid="story-status">
            {/* PUBLISHING while every open channel only waits would claim work that is not happening. */}
            {story.wait ? <WaitingBadge /> : <StoryStatusBadge status={story.status} />}
          </span>
        </div>

        {story.scheduledAt ? (
          <p className="text-zinc-700" data-testid="story-time">
            {/* A draft's time is a plan: saying "Scheduled" would promise a publication. */}
            {planned ? "Planned for" : "Scheduled for"}{" "}
            <strong>
              <LocalTime instant={story.scheduledAt.toISOString()} zone={zone} />
            </strong>
            {planned ? (
              <span className="text-zinc-500">
                {" "}
                · {story.status === "DRAFT" ? "not scheduled yet" : "scheduled once approved"}
              </span>
            ) : null}
          </p>
        ) : planned ? (
          <p className="text-zinc-700" data-testid="story-time">
            No time set: {story.status === "DRAFT" ? "a draft is not scheduled" : "not scheduled yet"}.
          </p>
        ) : null}
        {story.author ? <p className="text-sm text-zinc-500">By {story.author.name}</p> : null}
        {story.wait ? (
          <WaitNotice
            testId="story-wait"
            lead="Nothing is being published right now: every open channel is waiting. First to move: "
            wait={story.wait}
            channel={story.wait.channel}
            deadline={story.freshnessDeadline}
            zone={zone}
          />
        ) : null}
      </div>

      <ReviewSection
        story={story}
        viewerUserId={ctx.userId}
        changes={changes}
        review={
          story.status === "IN_REVIEW" && can(ctx.role, "stories:approve")
            ? reviewStoryAction.bind(null, ctx.workspaceSlug, story.id)
            : null
        }
      />

      <section aria-labelledby="frames-heading">
        <h2 id="frames-heading" className="mb-2 text-lg font-semibold">
          Frames
        </h2>
        <ol className="flex flex-wrap items-start gap-3 text-sm">
          {story.frames.map((frame, index) => (
            <li key={frame.id} className="flex flex-col gap-1" data-testid="story-frame">
              <span className="text-xs text-zinc-500">
                {index + 1}
                {frame.mediaAsset ? ` · ${frame.mediaAsset.kind === "VIDEO" ? "Video" : "Image"}` : null}
              </span>
              {frame.mediaAsset ? (
                <FrameThumbnail
                  size="lg"
                  frame={{
                    id: frame.id,
                    url: sign(thumbnails.get(frame.id) ?? null),
                    label: frame.mediaAsset.originalName,
                    text: null,
                    backgroundColor: null,
                  }}
                />
              ) : (
                <TextStatus text={frame.text ?? ""} backgroundColor={frame.backgroundColor} />
              )}
            </li>
          ))}
        </ol>
        {story.frames.length === 0 ? (
          <p className="text-sm text-zinc-600" data-testid="no-frames">
            No frames yet: this story has nothing to publish.
            {canEdit && EDITABLE_STATUSES.includes(story.status)
              ? " Edit it to add an image, a video or a text status."
              : ""}
          </p>
        ) : null}
        {story.whatsappText ? (
          <p className="mt-2 text-sm">
            <span className="font-medium">WhatsApp caption:</span> {story.whatsappText}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="channels-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="channels-heading" className="text-lg font-semibold">
            Channels
          </h2>
          {story.targets.some((t) => t.publishedAt) ? (
            <Link
              href={`${base}/stories/${story.id}/insights`}
              className="text-sm font-medium text-brand-700 hover:underline"
              data-testid="story-analytics-link"
            >
              Analytics: views, reach, frame by frame
            </Link>
          ) : null}
        </div>
        {story.targets.map((target) => (
          <div key={target.id} className="flex flex-col gap-1">
            <TargetCard
              target={target}
              shownState={shownTargetState(target.state, story.status)}
              viewUrl={target.publishedAt ? viewOnPlatformUrl(target, simulatorUrl) : null}
              zone={zone}
              deadline={story.freshnessDeadline}
              reconnectHref={
                can(ctx.role, "channels:manage") && target.channel.status === "NEEDS_REAUTH"
                  ? `${base}/brands/${story.brand.id}/channels/new?channel=${target.channel.id}`
                  : null
              }
              retry={
                canEdit && target.state === "FAILED"
                  ? retryTargetAction.bind(null, ctx.workspaceSlug, story.id, target.id)
                  : null
              }
              resolve={
                canEdit && target.state === "UNCONFIRMED"
                  ? resolveUnconfirmedAction.bind(null, ctx.workspaceSlug, story.id, target.id)
                  : null
              }
              handoff={
                // The assignee may settle it whatever their role; completeHandoff decides.
                target.state === "AWAITING_PERSON"
                  ? completeHandoffAction.bind(null, ctx.workspaceSlug, story.id, target.id)
                  : null
              }
              handoffHref={target.state === "AWAITING_PERSON" ? `${base}/handoffs/${target.id}` : null}
            />
            {audienceChannels.includes(target.channel.id) ? (
              <p className="text-sm text-zinc-600" data-testid="story-audience">
                Audience on {target.channel.displayName}: {audienceText(audiences.get(target.channel.id))}
              </p>
            ) : null}
          </div>
        ))}
      </section>

      {canEdit ? (
        <div className="flex flex-wrap items-start gap-3">
          {EDITABLE_STATUSES.includes(story.status) ? (
            <>
              <Link
                href={`${base}/stories/${story.id}/edit`}
                className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50"
              >
                Edit
              </Link>
              <PublishNowForm
                action={publishNowAction.bind(null, ctx.workspaceSlug, story.id)}
                title={title}
                channelCount={story.targets.length}
              />
            </>
          ) : null}
          <DuplicateStoryForm action={duplicateStoryAction.bind(null, ctx.workspaceSlug, story.id)} />
        </div>
      ) : null}
      {canEdit && CANCELABLE.includes(story.status) && !story.canceledAt ? (
        <CancelStoryForm action={cancelStoryAction.bind(null, ctx.workspaceSlug, story.id)} title={title} />
      ) : null}

      {replies ? <StoryReplies frames={replies} base={base} storyId={story.id} /> : null}

      <CommentsSection
        comments={comments}
        members={mentionable}
        add={canComment ? addCommentAction.bind(null, ctx.workspaceSlug, story.id) : null}
      />
    </article>
  );
}

/**
 * Where a story stands with its reviewers: overdue or not, the decision form for an approver
 * while it waits for the team (or why this viewer cannot decide), who it waits for otherwise, what
 * changed since an earlier version was approved, and the decisions so far (a request for changes
 * names its version, so the author knows whether an edit since has answered it).
 */
function ReviewSection({
  story,
  viewerUserId,
  changes,
  review,
}: {
  story: StoryDetail;
  viewerUserId: string | null;
  changes: ChangesSinceApproval | null;
  review: Parameters<typeof ReviewStoryForm>[0]["action"] | null;
}) {
  if (story.status !== "IN_REVIEW" && story.approvals.length === 0 && !story.reviewOverdueAt) return null;
  const policy = story.brand.approvalPolicy;
  const votes = story.approvals.filter((a) => a.storyVersion === story.version).map(voteOf);
  const waitingFor = story.status === "IN_REVIEW" ? waitingForOf(policy, story.authorId, votes) : null;
  const ownStory = viewerUserId !== null && !teamVoteCounts(policy, story.authorId, viewerUserId);
  const approvedAlready = votes.some((v) => v.reviewerId === viewerUserId && v.decision === "APPROVED");
  // Newest first: the latest request for changes on the version as it stands, if any.
  const sentBack =
    story.status === "IN_REVIEW"
      ? story.approvals.find((a) => a.storyVersion === story.version && a.decision === "CHANGES_REQUESTED")
      : undefined;
  return (
    <section aria-labelledby="review-heading" className="flex flex-col gap-3" data-testid="story-review">
      <h2 id="review-heading" className="text-lg font-semibold">
        Review
      </h2>
      {story.reviewOverdueAt && story.scheduledAt ? (
        <p
          className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800"
          data-testid="review-overdue"
        >
          Overdue: needed approval by{" "}
          <LocalTime instant={story.scheduledAt.toISOString()} zone={story.brand.timeZone} />. It was not
          published.{" "}
          {story.status === "IN_REVIEW"
            ? "Approving it now publishes it at once while its latest start allows, otherwise it asks for a new time."
            : story.status === "APPROVED"
              ? "It is approved, but its latest start has passed: move it to a new time to publish it."
              : ""}
        </p>
      ) : story.status === "APPROVED" ? (
        <p className="text-sm text-amber-800" data-testid="review-needs-time">
          Approved, but its latest start has passed: move it to a new time to publish it.
        </p>
      ) : null}
      {changes ? (
        <div className="rounded border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="review-changes">
          <p className="font-medium">
            {changes.changes.length === 0
              ? `Nothing a reviewer sees changed since ${changes.approvedBy} approved version ${changes.approvedVersion}.`
              : `What changed since ${changes.approvedBy} approved version ${changes.approvedVersion}:`}
          </p>
          {changes.changes.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {changes.changes.map((change) => (
                <li key={change.text} className="break-words">
                  {change.text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {sentBack ? (
        <p className="text-sm text-amber-800" data-testid="review-sent-back">
          {sentBack.reviewer?.name ?? sentBack.reviewerName ?? "A reviewer"} asked for changes to version{" "}
          {story.version}. Edit the story to answer them: it goes back to review, and is not published until
          it is approved.
        </p>
      ) : null}
      {waitingFor === "client" ? (
        sentBack ? null : (
          <p className="text-sm text-zinc-700" data-testid="review-waiting">
            The team approved version {story.version}. It waits for the client&apos;s approval through a
            review link, and is not published until then.
          </p>
        )
      ) : waitingFor === "team" ? (
        review && ownStory ? (
          <p className="text-sm text-zinc-700" data-testid="review-waiting">
            You wrote this story, and {story.brand.name} needs its approval from someone else: waiting for{" "}
            {reviewersOf(story.brand, "author")}.
          </p>
        ) : review && !approvedAlready ? (
          <ReviewStoryForm action={review} version={story.version} />
        ) : (
          <p className="text-sm text-zinc-700" data-testid="review-waiting">
            Waiting for {reviewersOf(story.brand)} to approve version {story.version}. It is not published
            until then.
          </p>
        )
      ) : null}
      {story.approvals.length > 0 ? (
        <ol className="flex flex-col gap-2 text-sm" aria-label="Review decisions, newest first">
          {story.approvals.map((approval) => (
            <li
              key={approval.id}
              className="rounded border border-zinc-200 bg-white p-3"
              data-testid="review-decision"
            >
              <p>
                <strong>{approval.decision === "APPROVED" ? "Approved" : "Changes requested"}</strong> by{" "}
                {approval.reviewLinkId
                  ? `${approval.reviewerName ?? "the client"} (client, through a review link)`
                  : (approval.reviewer?.name ?? "a former member")}{" "}
                · version {approval.storyVersion}
                {approval.storyVersion !== story.version ? " (edited since)" : ""} ·{" "}
                <LocalTime instant={approval.createdAt.toISOString()} />
              </p>
              {approval.note ? (
                <p className="mt-1 whitespace-pre-wrap text-zinc-800">{approval.note}</p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function TargetCard({
  target,
  shownState,
  viewUrl,
  zone,
  deadline,
  reconnectHref,
  retry,
  resolve,
  handoff,
  handoffHref,
}: {
  target: Target;
  shownState: ReturnType<typeof shownTargetState>;
  /** "View on the platform": the platform's permalink, or a sandbox account's simulated phone. */
  viewUrl: string | null;
  zone: string;
  deadline: Date | null;
  reconnectHref: string | null;
  retry: Parameters<typeof RetryTargetForm>[0]["action"] | null;
  resolve: Parameters<typeof ResolveUnconfirmedForm>[0]["action"] | null;
  handoff: Parameters<typeof CompleteHandoffForm>[0]["action"] | null;
  /** The phone page of a target waiting for a person: media to save, stickers to copy. */
  handoffHref: string | null;
}) {
  const headingId = `target-${target.id}`;
  const problem = target.state !== "PUBLISHED" && target.lastErrorMessage;
  // On a published channel only a person's note stands (a confirmation); an error that a later
  // attempt overcame is history, kept in the attempt log below.
  const note = target.state === "PUBLISHED" && !target.lastErrorClass ? target.lastErrorMessage : null;
  return (
    <section
      aria-labelledby={headingId}
      data-testid="target"
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center gap-3">
        <ChannelBadge channel={target.channel} />
        <h3 id={headingId} className="font-medium">
          {target.channel.displayName}
        </h3>
        <span data-testid="target-state" className="ml-auto">
          <TargetStateBadge state={shownState} />
        </span>
      </div>

      {target.captionOverride ? (
        <p className="text-sm">
          <span className="font-medium">Caption on this channel:</span> {target.captionOverride}
        </p>
      ) : null}
      {target.publishedAt ? (
        <p className="text-sm text-zinc-700" data-testid="target-published">
          Published <LocalTime instant={target.publishedAt.toISOString()} zone={zone} />
          {viewUrl ? (
            <>
              {" · "}
              <a
                href={viewUrl}
                className="text-brand-700 underline"
                rel="noreferrer"
                target="_blank"
                data-testid="view-on-platform"
              >
                {target.channel.sandbox ? "View on the sandbox phone" : "View on the platform"}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {note ? <p className="text-sm text-zinc-600">{note}</p> : null}
      {problem ? (
        <p className="text-sm text-red-800" data-testid="target-error">
          {target.lastErrorClass ? <strong>{ERROR_CLASS_LABELS[target.lastErrorClass]}: </strong> : null}
          {target.lastErrorMessage}
          {target.lastErrorCode ? (
            <span className="text-zinc-500"> (platform code {target.lastErrorCode})</span>
          ) : null}
        </p>
      ) : null}
      {target.wait ? (
        <WaitNotice
          testId="target-wait"
          lead=""
          wait={target.wait}
          channel={target.channel.displayName}
          deadline={deadline}
          zone={zone}
        />
      ) : target.nextAttemptAt && !["PUBLISHED", "FAILED", "SKIPPED", "EXPIRED"].includes(target.state) ? (
        <p className="text-sm text-zinc-600">
          Next try <LocalTime instant={target.nextAttemptAt.toISOString()} style="date-time-seconds" />
        </p>
      ) : null}

      {reconnectHref ? (
        <p className="text-sm">
          <Link href={reconnectHref} className="font-medium text-brand-700 underline">
            Reconnect {target.channel.displayName}
          </Link>{" "}
          to let this story continue.
        </p>
      ) : null}
      {retry ? <RetryTargetForm action={retry} channelName={target.channel.displayName} /> : null}
      {handoffHref ? (
        <p className="text-sm">
          <Link href={handoffHref} className="font-medium text-brand-700 underline">
            Open the phone page to post it
          </Link>{" "}
          (frames to save, stickers and caption to copy).
        </p>
      ) : null}
      {handoff ? <CompleteHandoffForm action={handoff} channelName={target.channel.displayName} /> : null}
      {resolve ? <ResolveUnconfirmedForm action={resolve} channelName={target.channel.displayName} /> : null}

      <details>
        <summary className="cursor-pointer text-sm text-brand-700">
          Details: {target.frames.length} frame{target.frames.length === 1 ? "" : "s"},{" "}
          {attemptsMade(target.attempts)} attempt{attemptsMade(target.attempts) === 1 ? "" : "s"}
        </summary>
        <FrameTable frames={target.frames} targetState={target.state} />
        <AttemptList attempts={target.attempts} />
      </details>
    </section>
  );
}

/**
 * "Waiting for the platform's publishing limit (Instagram Stories allows 25 posts per 24 h) until
 * 14:05. This is after the story's latest start (12:30), so it will expire: …" — what a waiting
 * channel waits for, until when, and what to do; amber when it cannot end in time.
 */
function WaitNotice({
  lead,
  wait,
  channel,
  deadline,
  zone,
  testId,
}: {
  /** Before the sentence; the story's notice names the channel, a channel's card does not. */
  lead: string;
  wait: NonNullable<Target["wait"]>;
  channel: string;
  deadline: Date | null;
  zone: string;
  testId: string;
}) {
  const late = wait.pastDeadline || (wait.until === null && deadline !== null);
  return (
    <p
      data-testid={testId}
      className={`rounded-md border px-3 py-2 text-sm ${late ? "border-amber-300 bg-amber-50 text-amber-900" : "border-sky-200 bg-sky-50 text-sky-900"}`}
    >
      <strong>
        {lead ? `${lead}${channel}, waiting` : "Waiting"} for {wait.waitingFor}
        {wait.detail ? ` (${wait.detail})` : ""}
        {wait.until ? (
          <>
            {" "}
            until <LocalTime instant={wait.until.toISOString()} zone={zone} />
          </>
        ) : null}
        .
      </strong>{" "}
      {wait.pastDeadline && deadline ? (
        <>
          This is after the story's latest start (<LocalTime instant={deadline.toISOString()} zone={zone} />
          ), so it will expire there: leave {channel} out or publish it later.
        </>
      ) : (
        wait.advice
      )}
      {!wait.pastDeadline && wait.until === null && deadline ? (
        <>
          {" "}
          Latest start: <LocalTime instant={deadline.toISOString()} zone={zone} />.
        </>
      ) : null}
    </p>
  );
}

function FrameTable({ frames, targetState }: { frames: Target["frames"]; targetState: Target["state"] }) {
  return (
    <table className="mt-3 w-full text-left text-xs">
      <caption className="sr-only">Frames on this channel</caption>
      <thead className="text-zinc-500">
        <tr>
          <th className="py-1 pr-2">Frame</th>
          <th className="pr-2">State</th>
          <th className="pr-2">Platform ids</th>
          <th>Published</th>
        </tr>
      </thead>
      <tbody>
        {frames.map((frame) => {
          const ids = [
            ["container", frame.externalContainerId],
            ["media", frame.externalMediaId],
            ["post", frame.externalPostId],
            ["message", frame.externalMessageId],
          ].filter(([, value]) => value);
          return (
            <tr key={frame.id} className="border-t border-zinc-100 align-top" data-testid="target-frame">
              <td className="py-1">{frame.position + 1}</td>
              <td>
                <TargetStateBadge state={shownFrameState(frame.state, targetState)} />
              </td>
              <td className="font-mono">
                {ids.length === 0
                  ? "—"
                  : ids.map(([label, value]) => (
                      <div key={label}>
                        {label}: {value}
                      </div>
                    ))}
              </td>
              <td>
                {frame.publishedAt ? (
                  <LocalTime instant={frame.publishedAt.toISOString()} style="date-time-seconds" />
                ) : (
                  "—"
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * How many attempts the target has had. Attempts are numbered 1, 2, … per target, and the
 * retention sweep deletes all but the last of a finished target's old ones (decision 040): the
 * highest number counts them, the rows kept do not.
 */
function attemptsMade(attempts: Target["attempts"]): number {
  return attempts.length === 0 ? 0 : Math.max(...attempts.map((attempt) => attempt.attemptNumber));
}

function AttemptList({ attempts }: { attempts: Target["attempts"] }) {
  if (attempts.length === 0) return <p className="mt-3 text-xs text-zinc-500">No attempts yet.</p>;
  // Numbers missing below the highest are the deleted ones, which the log would otherwise skip silently.
  const removed = attemptsMade(attempts) - attempts.length;
  return (
    <>
      {removed > 0 ? (
        <p className="mt-3 text-xs text-zinc-500" data-testid="attempts-pruned">
          {removed} older attempt{removed === 1 ? " was" : "s were"} removed after{" "}
          {env().RETENTION_ATTEMPT_DAYS} days; the last attempt is kept as long as the story.
        </p>
      ) : null}
      <AttemptItems attempts={attempts} />
    </>
  );
}

function AttemptItems({ attempts }: { attempts: Target["attempts"] }) {
  return (
    <ol className="mt-3 flex flex-col gap-2 text-xs" aria-label="Attempts, newest first">
      {attempts.map((attempt) => (
        <li key={attempt.id} className="rounded border border-zinc-100 p-2">
          <p>
            <strong>Attempt {attempt.attemptNumber}</strong> · {ATTEMPT_OUTCOME_LABELS[attempt.outcome]} ·
            started <LocalTime instant={attempt.startedAt.toISOString()} style="date-time-seconds" />
            {attempt.finishedAt ? (
              <>
                , ended <LocalTime instant={attempt.finishedAt.toISOString()} style="date-time-seconds" />
              </>
            ) : null}
          </p>
          {attempt.errorMessage ? (
            <p className="text-zinc-700">
              {attempt.errorClass ? `${ERROR_CLASS_LABELS[attempt.errorClass]}: ` : ""}
              {attempt.errorMessage}
              {attempt.errorCode ? (
                <span className="text-zinc-500"> (platform code {attempt.errorCode})</span>
              ) : null}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** A text frame as WhatsApp shows it: the text on its colour (WhatsApp's green by default). */
function TextStatus({ text, backgroundColor }: { text: string; backgroundColor: string | null }) {
  return (
    <span className="inline-flex flex-col gap-1">
      <span className="text-zinc-500">Text status</span>
      <span
        className="max-w-xs whitespace-pre-wrap rounded px-3 py-2 text-center font-medium text-white"
        style={{ backgroundColor: backgroundColor ?? DEFAULT_TEXT_BACKGROUND }}
        data-testid="text-status"
      >
        {text}
      </span>
    </span>
  );
}

/** The audience a WhatsApp target was given, in words: the list's name and size as copied. */
function audienceText(audience: TargetAudienceView | undefined): string {
  if (!audience) return "all contacts";
  const count = `${audience.contactCount} contact${audience.contactCount === 1 ? "" : "s"}`;
  return audience.mode === "ONLY"
    ? `only “${audience.listName}” (${count})`
    : `all contacts except “${audience.listName}” (${count})`;
}
