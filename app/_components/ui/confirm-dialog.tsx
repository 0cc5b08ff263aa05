"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import type { RefObject } from "react";

/** What to ask before an irreversible action: the question names the thing it acts on. */
export type Confirmation = {
  /** "Publish “Summer sale” to 3 channels now?" */
  title: string;
  /** What follows, in a sentence ("Channels that have not started will not publish it."). */
  description?: string;
  /** The verb on the button that goes ahead ("Publish now"); Cancel is always offered beside it. */
  confirmLabel: string;
  /** Red confirm button for actions that remove something. */
  destructive?: boolean;
};

/**
 * An accessible confirmation (Radix AlertDialog): focus moves into it (to Cancel, the safe
 * choice), Escape and Cancel close it with nothing changed, and focus goes back to the control
 * that opened it. Controlled, because the control is a form's submit button: the form asks first
 * and submits itself once confirmed, so without scripts the same button still posts.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  onConfirm,
  returnFocusTo,
  confirmation,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
  confirmation: Confirmation;
}) {
  const confirmClass = confirmation.destructive
    ? "bg-red-700 text-white hover:bg-red-800"
    : "bg-brand-600 text-white hover:bg-brand-700";
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40" />
        <AlertDialog.Content
          data-testid="confirm-dialog"
          // With no description, say so (Radix otherwise points aria-describedby at nothing).
          {...(confirmation.description ? {} : { "aria-describedby": undefined })}
          className="fixed top-1/2 left-1/2 z-50 flex w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 rounded-lg bg-white p-5 shadow-xl"
          onCloseAutoFocus={(event) => {
            // No Radix trigger (the opener is a submit button), so say where focus goes back.
            if (returnFocusTo?.current) {
              event.preventDefault();
              returnFocusTo.current.focus();
            }
          }}
        >
          <AlertDialog.Title className="text-base font-semibold">{confirmation.title}</AlertDialog.Title>
          {confirmation.description ? (
            <AlertDialog.Description className="text-sm text-zinc-700">
              {confirmation.description}
            </AlertDialog.Description>
          ) : null}
          <div className="mt-2 flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50">
              Cancel
            </AlertDialog.Cancel>
            <AlertDialog.Action
              onClick={onConfirm}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${confirmClass}`}
            >
              {confirmation.confirmLabel}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/**
 * The one question "Publish now" asks wherever it is offered (composer, brand page, story page),
 * naming the story and how many channels it goes to at once.
 */
export function publishNowConfirmation(title: string, channelCount: number): Confirmation {
  const to = channelCount === 0 ? "" : ` to ${channelCount} channel${channelCount === 1 ? "" : "s"}`;
  return {
    title: `Publish “${title.trim() || "this story"}”${to} now?`,
    description: "Once a channel has posted it, it cannot be taken back from here.",
    confirmLabel: "Publish now",
  };
}
