"use client";

import { useRef, useState } from "react";
import { FormMessage } from "@/app/_components/form";
import { TextCounter } from "@/app/_components/text-counter";
import { ConfirmDialog, publishNowConfirmation } from "@/app/_components/ui/confirm-dialog";
import type { ActionState } from "@/app/_lib/action-state";
import { PLATFORM_LIMITS } from "@/lib/core/platform-limits";
import { countText } from "@/lib/core/text-limits";
import type { Platform } from "@/lib/db/generated/enums";
import { ChannelBadge } from "../../channel-badge";
import { useKeptFormAction } from "./use-kept-form-action";

type Channel = {
  id: string;
  platform: Platform;
  displayName: string;
  status: "CONNECTED";
  sandbox: boolean;
};

const inputClass = "rounded-md border border-zinc-300 bg-white px-3 py-2 aria-[invalid]:border-red-500";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/**
 * Compose and schedule a story for one brand: files in the order they go out, the channels (all
 * ticked), and a time in the brand's zone or "publish now". The server checks everything again.
 */
export function ScheduleStoryForm({
  action,
  channels,
  timeZone,
  defaultLocal,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  channels: Channel[];
  timeZone: string;
  defaultLocal: string;
}) {
  const { state, formAction, pending, onSubmit, submit } = useKeptFormAction(action);
  const [when, setWhen] = useState<"at" | "now">("at");
  // "Publish now" cannot be taken back, so the form asks first; the answer holds what was entered.
  const [publishingNow, setPublishingNow] = useState<FormData | null>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const ticked = state.values?.channelIds?.split(",") ?? channels.map((c) => c.id);
  const fields = state.fields ?? {};
  const [caption, setCaption] = useState(state.values?.whatsappText ?? "");
  const captionCount = countText("caption", caption);
  const [title, setTitle] = useState(state.values?.title ?? "");
  const titleCount = countText("title", title);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (when !== "now") return onSubmit(event);
        event.preventDefault();
        setPublishingNow(new FormData(event.currentTarget));
      }}
      className="flex max-w-lg flex-col gap-4"
      noValidate
    >
      <FormMessage state={state} />
      <div className="flex flex-col gap-1">
        <label htmlFor="field-title" className="text-sm font-medium">
          Title (optional)
        </label>
        <input
          id="field-title"
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={fields.title || titleCount.level === "error" ? true : undefined}
          aria-describedby="field-title-hint field-title-count"
          className={inputClass}
        />
        <p id="field-title-hint" className="text-xs text-zinc-500">
          For your team; not published.
        </p>
        <TextCounter id="field-title-count" count={titleCount} />
        <FieldError id="field-title-error" message={fields.title} />
      </div>

      <div className="flex flex-col gap-1">
        <label htmlFor="field-files" className="text-sm font-medium">
          Images or videos
        </label>
        <input
          id="field-files"
          name="files"
          type="file"
          multiple
          required
          accept="image/jpeg,image/png,video/mp4,video/quicktime"
          aria-invalid={fields.files ? true : undefined}
          aria-describedby={`field-files-hint${fields.files ? " field-files-error" : ""}`}
          className={inputClass}
        />
        <p id="field-files-hint" className="text-xs text-zinc-500">
          JPEG, PNG, MP4 or MOV, 9:16. Each file is one frame, published in the order chosen.
        </p>
        <FieldError id="field-files-error" message={fields.files} />
      </div>

      <fieldset
        className="flex flex-col gap-1"
        aria-describedby={fields.channelIds ? "field-channelIds-error" : undefined}
      >
        <legend className="mb-1 text-sm font-medium">Channels</legend>
        {channels.map((channel) => (
          <label key={channel.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="channelIds"
              value={channel.id}
              defaultChecked={ticked.includes(channel.id)}
            />
            <span className="shrink-0 whitespace-nowrap">
              <ChannelBadge channel={channel} />
            </span>
            {channel.displayName}
          </label>
        ))}
        <FieldError id="field-channelIds-error" message={fields.channelIds} />
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">When</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="when" value="at" checked={when === "at"} onChange={() => setWhen("at")} />
          At a time
        </label>
        <div className="ml-6 flex flex-col gap-1">
          <label htmlFor="field-local" className="text-sm font-medium">
            Time ({timeZone})
          </label>
          <input
            id="field-local"
            name="local"
            type="datetime-local"
            disabled={when === "now"}
            defaultValue={state.values?.local ?? defaultLocal}
            aria-invalid={fields.local ? true : undefined}
            aria-describedby={fields.local ? "field-local-error" : undefined}
            className={`${inputClass} disabled:opacity-50`}
          />
          <FieldError id="field-local-error" message={fields.local} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="when"
            value="now"
            checked={when === "now"}
            onChange={() => setWhen("now")}
          />
          Publish now
        </label>
      </fieldset>

      {channels.some((c) => PLATFORM_LIMITS[c.platform].caption) ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="field-whatsappText" className="text-sm font-medium">
            WhatsApp caption (optional)
          </label>
          <textarea
            id="field-whatsappText"
            name="whatsappText"
            rows={2}
            value={caption}
            onChange={(event) => setCaption(event.target.value)}
            aria-invalid={fields.whatsappText || captionCount.level === "error" ? true : undefined}
            aria-describedby="field-whatsappText-hint field-whatsappText-count"
            className={inputClass}
          />
          <p id="field-whatsappText-hint" className="text-xs text-zinc-500">
            Shown under the first frame on WhatsApp Status. Instagram and Facebook stories take no caption.
          </p>
          <TextCounter id="field-whatsappText-count" count={captionCount} />
          <FieldError id="field-whatsappText-error" message={fields.whatsappText} />
        </div>
      ) : null}

      <div>
        <button
          ref={submitButton}
          type="submit"
          disabled={pending || captionCount.level === "error" || titleCount.level === "error"}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Uploading…" : when === "now" ? "Publish story" : "Schedule story"}
        </button>
        <ConfirmDialog
          open={publishingNow !== null}
          onOpenChange={(open) => {
            if (!open) setPublishingNow(null);
          }}
          returnFocusTo={submitButton}
          onConfirm={() => {
            if (publishingNow) submit(publishingNow);
          }}
          confirmation={publishNowConfirmation(title, publishingNow?.getAll("channelIds").length ?? 0)}
        />
      </div>
    </form>
  );
}
