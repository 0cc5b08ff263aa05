"use client";

import { type FormEvent, useEffect, useId, useState } from "react";
import { LocalTime } from "@/app/_components/local-time";
import type { MediaItem } from "@/app/w/[slug]/stories/composer/composer-types";
import { PhonePreview, type PreviewFrame } from "@/app/w/[slug]/stories/composer/phone-preview";
import { STORY_STATUS } from "@/app/w/[slug]/stories/story-labels";
import { DEFAULT_TEXT_BACKGROUND, PLATFORM_LIMITS, type StoryPlatform } from "@/lib/core/platform-limits";
import type { StoryStatus } from "@/lib/db/generated/enums";

export type BoardStory = {
  id: string;
  title: string;
  status: StoryStatus;
  version: number;
  scheduledAt: string | null;
  zone: string;
  whatsappText: string;
  frames: {
    id: string;
    kind: "IMAGE" | "VIDEO" | null;
    mimeType: string | null;
    originalName: string;
    url: string | null;
    text: string | null;
    backgroundColor: string | null;
  }[];
  channels: { platform: StoryPlatform; displayName: string; caption: string | null; frameIds: string[] }[];
  decisions: {
    id: string;
    decision: "APPROVED" | "CHANGES_REQUESTED";
    note: string | null;
    name: string;
    version: number;
    at: string;
  }[];
  comments: { id: string; body: string; name: string; at: string }[];
};

type Identity = { name: string; email: string };
type Outcome = { ok: boolean; text: string } | null;

// Kept in this browser only, so the client types their name once for all the links they open.
const IDENTITY_KEY = "storyrelay-review-identity";
const NAME_FIELD_ID = "review-identity-name";

/** Sends one JSON request of the review page; the answer's `detail` is the refusal to show. */
async function post(
  url: string,
  body: unknown,
): Promise<{ ok: true; data: unknown } | { ok: false; text: string }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      // The link is the authorisation: no cookie of the dashboard goes with these requests.
      credentials: "omit",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => null)) as { detail?: string } | null;
    if (response.ok) return { ok: true, data: json };
    return { ok: false, text: json?.detail ?? `The request failed (${response.status}). Try again.` };
  } catch {
    return { ok: false, text: "Could not reach the server: check your connection and try again." };
  }
}

/**
 * The stories of a review link, with the client's name asked once (kept in this browser) and, per
 * story, its phone previews, time, status, and the client's controls: approve or request changes
 * (when the brand's policy asks for the client's approval) and comment. Each control shows its
 * outcome beside it.
 */
export function ReviewBoard({
  base,
  clientDecides,
  stories,
}: {
  base: string;
  clientDecides: boolean;
  stories: BoardStory[];
}) {
  const [identity, setIdentity] = useState<Identity>({ name: "", email: "" });
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? "null") as Identity | null;
      if (saved && typeof saved.name === "string")
        setIdentity({ name: saved.name, email: saved.email ?? "" });
    } catch {
      // Nothing usable saved: the client types it again.
    }
  }, []);
  const update = (next: Identity) => {
    setIdentity(next);
    try {
      localStorage.setItem(IDENTITY_KEY, JSON.stringify(next));
    } catch {
      // Storage refused (private mode): the fields still hold it for this visit.
    }
  };
  return (
    <div className="flex flex-col gap-6">
      <fieldset className="flex flex-wrap gap-4 rounded-lg border border-zinc-200 bg-white p-4">
        <legend className="px-1 text-sm font-medium">Who is reviewing</legend>
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium">
          Your name (required)
          <input
            id={NAME_FIELD_ID}
            name="name"
            required
            autoComplete="name"
            maxLength={100}
            value={identity.name}
            onChange={(e) => update({ ...identity, name: e.target.value })}
            className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
          />
        </label>
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium">
          Your e-mail (optional)
          <input
            name="email"
            type="email"
            autoComplete="email"
            maxLength={200}
            value={identity.email}
            onChange={(e) => update({ ...identity, email: e.target.value })}
            className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
          />
        </label>
      </fieldset>
      {stories.length === 0 ? (
        <p className="text-zinc-700">There are no stories in this link right now.</p>
      ) : null}
      {stories.map((story) => (
        <StoryCard
          key={story.id}
          base={base}
          story={story}
          identity={identity}
          clientDecides={clientDecides}
        />
      ))}
    </div>
  );
}

function StoryCard({
  base,
  story,
  identity,
  clientDecides,
}: {
  base: string;
  story: BoardStory;
  identity: Identity;
  clientDecides: boolean;
}) {
  const headingId = useId();
  const [status, setStatus] = useState(story.status);
  const [decisions, setDecisions] = useState(story.decisions);
  const [comments, setComments] = useState(story.comments);
  const [decisionOutcome, setDecisionOutcome] = useState<Outcome>(null);
  const [commentOutcome, setCommentOutcome] = useState<Outcome>(null);
  const [changesNote, setChangesNote] = useState("");
  const [commentBody, setCommentBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(story.frames[0]?.id ?? null);
  const title = story.title || story.frames[0]?.originalName || "Untitled story";
  const url = `${base}/stories/${story.id}`;
  const platforms = [...new Set(story.channels.map((c) => c.platform))];

  const needName = (set: (o: Outcome) => void) => {
    if (identity.name.trim()) return false;
    set({ ok: false, text: "Enter your name at the top of the page first." });
    document.getElementById(NAME_FIELD_ID)?.focus();
    return true;
  };

  const decide = async (decision: "APPROVED" | "CHANGES_REQUESTED") => {
    if (needName(setDecisionOutcome)) return;
    if (decision === "CHANGES_REQUESTED" && !changesNote.trim()) {
      setDecisionOutcome({ ok: false, text: "Say what should change, so the agency knows what to fix." });
      return;
    }
    setBusy(true);
    const result = await post(`${url}/decision`, {
      name: identity.name,
      email: identity.email,
      version: story.version,
      decision,
      ...(decision === "CHANGES_REQUESTED" ? { comment: changesNote } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setDecisionOutcome({ ok: false, text: result.text });
      return;
    }
    const answer = result.data as { status: StoryStatus; waitingFor: "team" | "client" | null };
    setStatus(answer.status);
    setDecisions((list) => [
      {
        id: `new-${list.length}`,
        decision,
        note: decision === "CHANGES_REQUESTED" ? changesNote : null,
        name: identity.name,
        version: story.version,
        at: new Date().toISOString(),
      },
      ...list,
    ]);
    setChangesNote("");
    setDecisionOutcome({
      ok: true,
      text:
        decision === "APPROVED"
          ? answer.waitingFor === "team"
            ? "Approved. It now waits for the agency's own approval."
            : "Approved: thank you."
          : "Sent: the agency will make the changes and send it back to you.",
    });
  };

  const comment = async (event: FormEvent) => {
    event.preventDefault();
    if (needName(setCommentOutcome)) return;
    if (!commentBody.trim()) {
      setCommentOutcome({ ok: false, text: "Write a comment first." });
      return;
    }
    setBusy(true);
    const result = await post(`${url}/comment`, {
      name: identity.name,
      email: identity.email,
      body: commentBody,
    });
    setBusy(false);
    if (!result.ok) {
      setCommentOutcome({ ok: false, text: result.text });
      return;
    }
    const saved = result.data as { id: string; body: string; createdAt: string };
    setComments((list) => [
      ...list,
      { id: saved.id, body: saved.body, name: identity.name, at: saved.createdAt },
    ]);
    setCommentBody("");
    setCommentOutcome({ ok: true, text: "Comment sent to the agency." });
  };

  const framesFor = (platform: StoryPlatform): PreviewFrame[] => {
    const ids = new Set(story.channels.filter((c) => c.platform === platform).flatMap((c) => c.frameIds));
    return story.frames
      .filter((frame) => ids.has(frame.id))
      .map((frame) => ({
        key: frame.id,
        item: frame.url && frame.kind ? mediaItem(frame) : undefined,
        text:
          frame.text !== null
            ? { text: frame.text, backgroundColor: frame.backgroundColor ?? DEFAULT_TEXT_BACKGROUND }
            : undefined,
      }));
  };
  const captionFor = (platform: StoryPlatform) => {
    if (!PLATFORM_LIMITS[platform].caption) return "";
    return story.channels.find((c) => c.platform === platform)?.caption?.trim() || story.whatsappText;
  };
  const accountName = (platform: StoryPlatform) =>
    story.channels.find((c) => c.platform === platform)?.displayName ?? "";
  const waiting = status === "IN_REVIEW";
  const shown = STORY_STATUS[status];

  return (
    <section
      aria-labelledby={headingId}
      data-testid="review-story"
      className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-4 md:flex-row"
    >
      <div className="flex justify-center md:w-72 md:shrink-0">
        {platforms.length > 0 ? (
          <PhonePreview
            platforms={platforms}
            framesFor={framesFor}
            selectedAssetKey={selected}
            onSelect={setSelected}
            captionFor={captionFor}
            accountName={accountName}
          />
        ) : (
          <p className="text-sm text-zinc-600">No channel chosen yet.</p>
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id={headingId} className="text-lg font-semibold break-words">
            {title}
          </h2>
          <span
            data-testid="review-story-status"
            className={`rounded px-2 py-0.5 text-xs font-medium ${shown.style}`}
          >
            {shown.label}
          </span>
        </div>
        <p className="text-sm text-zinc-700">
          {story.scheduledAt ? (
            <LocalTime instant={story.scheduledAt} zone={story.zone} />
          ) : (
            "No time set yet"
          )}
          {" · "}
          {story.channels.map((c) => c.displayName).join(", ")}
        </p>

        {clientDecides && waiting ? (
          <div className="flex flex-col gap-2" data-testid="review-decision-controls">
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                disabled={busy}
                onClick={() => decide("APPROVED")}
                className="rounded-md bg-green-700 px-4 py-2 text-sm font-medium text-white hover:bg-green-800 disabled:opacity-60"
              >
                Approve
              </button>
            </div>
            <label className="flex flex-col gap-1 text-sm font-medium">
              What should change?
              <textarea
                value={changesNote}
                onChange={(e) => setChangesNote(e.target.value)}
                maxLength={2000}
                rows={2}
                className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
              />
            </label>
            <div>
              <button
                type="button"
                disabled={busy}
                onClick={() => decide("CHANGES_REQUESTED")}
                className="rounded-md border border-amber-400 bg-white px-4 py-2 text-sm font-medium text-amber-900 hover:bg-amber-50 disabled:opacity-60"
              >
                Request changes
              </button>
            </div>
          </div>
        ) : !clientDecides ? (
          <p className="text-sm text-zinc-600">The agency approves this story; you can comment below.</p>
        ) : null}
        <OutcomeLine outcome={decisionOutcome} testId="review-decision-outcome" />

        {decisions.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm" aria-label="Decisions through this link">
            {decisions.map((d) => (
              <li key={d.id} data-testid="review-story-decision">
                <strong>{d.decision === "APPROVED" ? "Approved" : "Changes requested"}</strong> by {d.name} ·{" "}
                <LocalTime instant={d.at} />
                {d.version !== story.version ? " (an earlier version)" : ""}
                {d.note ? <span className="block whitespace-pre-wrap text-zinc-700">{d.note}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}

        {comments.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm" aria-label="Comments through this link">
            {comments.map((c) => (
              <li key={c.id} data-testid="review-story-comment">
                <strong>{c.name}</strong> · <LocalTime instant={c.at} />
                <span className="block whitespace-pre-wrap text-zinc-800">{c.body}</span>
              </li>
            ))}
          </ul>
        ) : null}

        <form onSubmit={comment} className="flex flex-col gap-2">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Comment
            <textarea
              value={commentBody}
              onChange={(e) => setCommentBody(e.target.value)}
              maxLength={2000}
              rows={2}
              className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
            />
          </label>
          <div>
            <button
              type="submit"
              disabled={busy}
              className="rounded-md border border-zinc-300 bg-white px-4 py-2 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60"
            >
              Send comment
            </button>
          </div>
          <OutcomeLine outcome={commentOutcome} testId="review-comment-outcome" />
        </form>
      </div>
    </section>
  );
}

function OutcomeLine({ outcome, testId }: { outcome: Outcome; testId: string }) {
  if (!outcome) return null;
  return (
    <p
      role={outcome.ok ? "status" : "alert"}
      data-testid={testId}
      className={`rounded-md px-3 py-2 text-sm ${outcome.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
    >
      {outcome.text}
    </p>
  );
}

/** A frame's file as the preview component takes it; the sizes it checks in the composer do not matter here. */
function mediaItem(frame: BoardStory["frames"][number]): MediaItem {
  const url = frame.url ?? "";
  return {
    id: frame.id,
    kind: frame.kind ?? "IMAGE",
    ready: true,
    mimeType: frame.mimeType ?? "",
    originalName: frame.originalName,
    sizeBytes: 0,
    width: null,
    height: null,
    durationMs: null,
    url,
    thumbUrl: url,
    hasThumbnail: false,
  };
}
