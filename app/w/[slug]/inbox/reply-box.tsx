"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { useAnnounce } from "@/app/_components/ui/announcer";
import type { ActionState } from "@/app/_lib/action-state";
import type { ReplyPayload } from "./actions";
import { WindowCountdown, type WindowView } from "./window-countdown";

export type SavedReplyOption = { id: string; title: string; body: string };

/**
 * The reply box. Each message gets an id made here once (crypto.randomUUID) and kept until the
 * server gives a final answer: pressing Send again after a lost answer (the network dropped)
 * sends the same id, and the server answers with the message it already has instead of sending
 * twice. Past the window the box is disabled with the reason beside it.
 */
export function ReplyBox(props: {
  send: (payload: ReplyPayload) => Promise<ActionState>;
  window: WindowView;
  platformName: string;
  maxLength: number;
  savedReplies: SavedReplyOption[];
  /** Ready images of the media library, where the platform takes image replies. */
  images: { id: string; name: string }[];
}) {
  const { send, window } = props;
  const router = useRouter();
  const announce = useAnnounce();
  const id = useId();
  const [text, setText] = useState("");
  const [result, setResult] = useState<ActionState | null>(null);
  const [pending, startTransition] = useTransition();
  // Past the standard window a person must say they are answering as a person (Meta's rule for the tag).
  const [asPerson, setAsPerson] = useState(false);
  const [imageId, setImageId] = useState("");
  const clientId = useRef<string | null>(null);
  const closed = window.kind === "closed";
  const tagged = window.kind === "tagged";
  const tooLong = text.trim().length > props.maxLength;
  const blocked =
    closed || pending || (text.trim() === "" && imageId === "") || tooLong || (tagged && !asPerson);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked) return;
    clientId.current ??= crypto.randomUUID();
    const payload: ReplyPayload = {
      clientId: clientId.current,
      text,
      useHumanAgentTag: tagged && asPerson,
      imageAssetId: imageId || undefined,
    };
    startTransition(async () => {
      let answer: ActionState;
      try {
        answer = await send(payload);
      } catch {
        // The answer was lost, not the message: keep the id so a second press cannot send it twice.
        answer = {
          ok: false,
          message: "No answer from StoryRelay. Press Send again: it will not be sent twice.",
        };
        setResult(answer);
        announce({ ok: false, text: answer.message ?? "" });
        return;
      }
      setResult(answer);
      announce({ ok: answer.ok, text: answer.message ?? "" });
      const state = answer.data?.sendState;
      // A final answer: the next message is a new one. A failure certainly sent nothing, so the
      // text stays for another try (under a new id); a sent or unconfirmed one is cleared.
      if (state) {
        clientId.current = null;
        if (state !== "FAILED") {
          setText("");
          setImageId("");
        }
      }
      router.refresh();
    });
  }

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-2 rounded-md border border-zinc-200 bg-white p-3"
      aria-labelledby={`${id}-label`}
    >
      <h2 id={`${id}-label`} className="text-sm font-semibold">
        Reply
      </h2>
      <WindowCountdown window={window} platformName={props.platformName} />
      {props.savedReplies.length > 0 && !closed ? (
        <label className="flex flex-wrap items-center gap-2 text-sm">
          Saved reply
          <select
            className="rounded-md border border-zinc-300 bg-white px-2 py-1"
            value=""
            onChange={(event) => {
              const picked = props.savedReplies.find((r) => r.id === event.target.value);
              if (picked)
                setText((current) => (current.trim() ? `${current.trimEnd()}\n${picked.body}` : picked.body));
            }}
          >
            <option value="">Insert…</option>
            {props.savedReplies.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {props.images.length > 0 && !closed ? (
        <label className="flex flex-wrap items-center gap-2 text-sm">
          Attach an image
          <select
            className="max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1"
            value={imageId}
            onChange={(event) => setImageId(event.target.value)}
          >
            <option value="">No image</option>
            {props.images.map((image) => (
              <option key={image.id} value={image.id}>
                {image.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label htmlFor={`${id}-text`} className="sr-only">
        Your reply
      </label>
      <textarea
        id={`${id}-text`}
        name="text"
        rows={3}
        value={text}
        disabled={closed}
        aria-describedby={`${id}-count`}
        aria-invalid={tooLong || undefined}
        onChange={(event) => setText(event.target.value)}
        className="w-full rounded-md border border-zinc-300 px-3 py-2 disabled:bg-zinc-100 aria-[invalid]:border-red-500"
        placeholder={closed ? "Replies are closed for this conversation" : "Write a reply…"}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span
          id={`${id}-count`}
          className={`text-xs tabular-nums ${tooLong ? "text-red-700" : "text-zinc-500"}`}
        >
          {text.trim().length} / {props.maxLength}
        </span>
        {tagged ? (
          <label className="flex items-start gap-1.5 text-xs text-zinc-700">
            <input
              type="checkbox"
              checked={asPerson}
              onChange={(event) => setAsPerson(event.target.checked)}
            />
            <span>
              I am a person answering late (sent with Meta's human-agent tag; never for automated or
              promotional messages)
            </span>
          </label>
        ) : null}
        <button
          type="submit"
          disabled={blocked}
          className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Sending…" : "Send"}
        </button>
      </div>
      {result?.message ? (
        <p
          role={result.ok ? "status" : "alert"}
          className={`rounded-md px-3 py-2 text-sm ${result.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
        >
          {result.message}
        </p>
      ) : null}
    </form>
  );
}
