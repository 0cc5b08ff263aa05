import { notFound } from "next/navigation";
import { ActionButtonForm } from "@/app/_components/action-button";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { ReplyWindow } from "@/lib/core/reply-window";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { type ConversationView, getConversation } from "@/lib/inbox/get-conversation";
import { listAssignableMembers } from "@/lib/inbox/list-assignable-members";
import { listSavedReplies } from "@/lib/inbox/list-saved-replies";
import { markConversationRead } from "@/lib/inbox/mark-conversation-read";
import { listMediaAssets } from "@/lib/media/list-media-assets";
import { redis } from "@/lib/redis/client";
import { thumbnailSigner } from "../../thumbnail-urls";
import { addNoteAction, assignAction, eraseAction, sendReplyAction, setStatusAction } from "../actions";
import { Avatar } from "../avatar";
import { InboxLive } from "../inbox-live";
import { ReplyBox } from "../reply-box";
import type { WindowView } from "../window-countdown";
import { AssignForm, NoteForm } from "./conversation-forms";

export const metadata = { title: "Conversation" };

const button =
  "rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60";

function windowView(window: ReplyWindow): WindowView {
  return window.kind === "open" || window.kind === "tagged"
    ? { kind: window.kind, closesAt: window.closesAt.toISOString() }
    : window;
}

export default async function ConversationPage({
  params,
}: {
  params: Promise<{ slug: string; conversationId: string }>;
}) {
  const { slug, conversationId } = await params;
  const ctx = await requireAgencyWorkspace(slug);
  let conversation: ConversationView;
  try {
    conversation = await getConversation({ db: db() }, ctx, conversationId);
  } catch (error) {
    if (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN")) notFound();
    throw error;
  }
  // Opening the conversation reads it (for the whole team: the inbox is shared).
  if (conversation.unreadCount > 0)
    await markConversationRead({ db: db(), redis: redis() }, ctx, conversation.id);
  const canReply = can(ctx.role, "inbox:reply");
  const canManage = can(ctx.role, "inbox:manage");
  const descriptor = platformDescriptor(conversation.channel.platform);
  const [members, savedReplies, images] = await Promise.all([
    canReply ? listAssignableMembers(db(), ctx, conversation.brand.id) : [],
    canReply ? listSavedReplies(db(), ctx, { brandId: conversation.brand.id }) : [],
    canReply && descriptor.messaging.imageReplies
      ? listMediaAssets(db(), ctx, { status: ["READY"], kind: ["IMAGE"], limit: 30 })
      : [],
  ]);
  const sign = thumbnailSigner();
  const base = `/w/${ctx.workspaceSlug}`;
  const person = conversation.participant.handle
    ? `@${conversation.participant.handle}`
    : (conversation.participant.name ?? "Someone");

  return (
    <section className="flex flex-col gap-4" aria-labelledby="conversation-heading">
      <InboxLive slug={ctx.workspaceSlug} conversationId={conversation.id} />
      <Link href={`${base}/inbox`} className="self-start text-sm text-brand-700 underline">
        ← Inbox
      </Link>
      <header className="flex flex-wrap items-center gap-3">
        <Avatar url={conversation.participant.avatarUrl} size="size-12" />
        <div className="flex min-w-0 flex-col">
          <h1 id="conversation-heading" className="text-xl font-semibold break-all">
            {person}
          </h1>
          <p className="text-sm text-zinc-600">
            {conversation.participant.handle && conversation.participant.name
              ? `${conversation.participant.name} · `
              : null}
            {descriptor.name} · {conversation.brand.name} · to {conversation.channel.displayName}
            {conversation.status === "DONE" ? " · done" : null}
          </p>
        </div>
      </header>
      {descriptor.messaging.privacyNote ? (
        <p role="note" className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700">
          {descriptor.messaging.privacyNote}
        </p>
      ) : null}
      <div className="flex flex-col gap-4 lg:flex-row">
        <div className="flex min-w-0 flex-1 flex-col gap-4">
          <ol aria-label="Messages" className="flex flex-col gap-3">
            {conversation.messages.map((m) => (
              <MessageItem
                key={m.id}
                m={m}
                base={base}
                thumbnailUrl={m.frame ? sign(m.frame.thumbnailKey) : null}
                accountName={conversation.channel.displayName}
              />
            ))}
            {conversation.notes.map((n) => (
              <li
                key={n.id}
                className="self-center w-full max-w-md rounded-md border border-dashed border-amber-400 bg-amber-50 px-3 py-2 text-sm"
              >
                <p className="text-xs font-semibold uppercase tracking-wide text-amber-800">Internal note</p>
                <p className="whitespace-pre-wrap break-words">{n.body}</p>
                <p className="text-xs text-zinc-600">
                  {n.author?.name ?? "A former member"} · <LocalTime instant={n.createdAt.toISOString()} />
                </p>
              </li>
            ))}
          </ol>
          {canReply ? (
            <ReplyBox
              send={sendReplyAction.bind(null, ctx.workspaceSlug, conversation.id)}
              window={windowView(conversation.window)}
              platformName={descriptor.name}
              maxLength={descriptor.messaging.maxTextLength}
              savedReplies={savedReplies}
              images={images.map((image) => ({ id: image.id, name: image.originalName }))}
            />
          ) : (
            <p className="text-sm text-zinc-600">Editors, admins and owners answer; your role reads.</p>
          )}
        </div>
        {canReply ? (
          <aside aria-label="Conversation" className="flex flex-col gap-4 lg:w-72 lg:shrink-0">
            <AssignForm
              action={assignAction.bind(null, ctx.workspaceSlug, conversation.id)}
              assigneeId={conversation.assignee?.id ?? null}
              members={members}
            />
            <ActionButtonForm
              action={setStatusAction.bind(
                null,
                ctx.workspaceSlug,
                conversation.id,
                conversation.status === "DONE" ? "OPEN" : "DONE",
              )}
              label={conversation.status === "DONE" ? "Reopen" : "Mark done"}
              pendingLabel="Saving…"
              className={button}
            />
            <NoteForm action={addNoteAction.bind(null, ctx.workspaceSlug, conversation.id)} />
            {canManage ? (
              <div className="flex flex-col gap-2 border-t border-zinc-200 pt-3">
                <h2 className="text-sm font-semibold">This person's data</h2>
                <a
                  href={`${base}/inbox/${conversation.id}/export`}
                  className="text-sm text-brand-700 underline"
                  download
                >
                  Export conversation (JSON)
                </a>
                <ActionButtonForm
                  action={eraseAction.bind(null, ctx.workspaceSlug, conversation.id)}
                  label="Erase conversation"
                  pendingLabel="Erasing…"
                  className={`${button} text-red-700`}
                  confirm={{
                    title: `Erase the conversation with ${person}?`,
                    description:
                      "Every message and note of it is deleted from StoryRelay for good (not from the platform). The audit trail keeps only that it was erased.",
                    confirmLabel: "Erase",
                    destructive: true,
                  }}
                />
              </div>
            ) : null}
          </aside>
        ) : null}
      </div>
    </section>
  );
}

type MessageView = ConversationView["messages"][number];

const STATE_TEXT: Record<string, string> = {
  SENDING: "Sending…",
  SENT: "Sent",
  FAILED: "Failed",
  UNCONFIRMED: "Unconfirmed",
};

function MessageItem({
  m,
  base,
  thumbnailUrl,
  accountName,
}: {
  m: MessageView;
  base: string;
  thumbnailUrl: string | null;
  accountName: string;
}) {
  const inbound = m.direction === "INBOUND";
  const body = m.purgedAt ? (
    <p className="italic text-zinc-500">Removed after the workspace's retention period.</p>
  ) : m.kind === "STORY_MENTION" ? (
    <p>
      Mentioned {accountName} in their story
      {m.attachmentUrl ? (
        <>
          {" "}
          ·{" "}
          <a
            href={m.attachmentUrl}
            className="text-brand-700 underline"
            rel="noreferrer noopener"
            target="_blank"
          >
            open their story
          </a>
        </>
      ) : null}
    </p>
  ) : m.kind === "REACTION" ? (
    <p>Reacted {m.text}</p>
  ) : (
    <>
      {m.text ? <p className="whitespace-pre-wrap break-words">{m.text}</p> : null}
      {m.kind === "MEDIA" && !m.attachmentUrl ? (
        <p className="italic text-zinc-600">
          An image{m.attachmentType && m.attachmentType !== "image" ? ` (${m.attachmentType})` : ""}
        </p>
      ) : null}
      {m.attachmentUrl && m.kind === "MEDIA" ? (
        <a
          href={m.attachmentUrl}
          className="text-brand-700 underline"
          rel="noreferrer noopener"
          target="_blank"
        >
          Open the {m.attachmentType ?? "attachment"}
        </a>
      ) : null}
    </>
  );
  const storyLabel =
    m.kind === "STORY_REPLY"
      ? "Replied to your story"
      : m.kind === "STORY_REACTION"
        ? "Reacted to your story"
        : null;
  return (
    <li className={`flex max-w-[85%] gap-2 ${inbound ? "self-start" : "self-end flex-row-reverse"}`}>
      {m.frame ? (
        <Link
          href={`${base}/stories/${m.frame.storyId}`}
          className="shrink-0"
          aria-label={`Story frame ${m.frame.position + 1}`}
        >
          {thumbnailUrl ? (
            // biome-ignore lint/performance/noImgElement: signed, short-lived URLs; next/image would cache them past expiry
            <img
              src={thumbnailUrl}
              alt=""
              className="h-20 w-12 rounded bg-zinc-100 object-cover"
              loading="lazy"
            />
          ) : (
            <span className="block h-20 w-12 rounded bg-zinc-200" />
          )}
        </Link>
      ) : null}
      <div
        className={`flex min-w-0 flex-col gap-1 rounded-lg px-3 py-2 text-sm ${inbound ? "bg-white border border-zinc-200" : "bg-brand-50"}`}
      >
        {storyLabel ? <p className="text-xs font-medium text-zinc-600">{storyLabel}</p> : null}
        {!m.frame && m.storyExternalId && storyLabel ? (
          <p className="text-xs text-zinc-500">(a story StoryRelay did not publish, or one since deleted)</p>
        ) : null}
        {body}
        <p className="flex flex-wrap gap-x-2 text-xs text-zinc-500">
          <LocalTime instant={m.sentAt.toISOString()} />
          {!inbound && m.author ? <span>· {m.author.name}</span> : null}
          {m.humanAgentTag ? <span>· human-agent reply</span> : null}
          {!inbound && m.sendState ? (
            <span
              data-testid="send-state"
              className={
                m.sendState === "FAILED"
                  ? "text-red-700"
                  : m.sendState === "UNCONFIRMED"
                    ? "text-amber-800"
                    : undefined
              }
            >
              · {STATE_TEXT[m.sendState]}
              {m.sendError && m.sendState !== "SENT" ? `: ${m.sendError}` : null}
            </span>
          ) : null}
        </p>
      </div>
    </li>
  );
}
