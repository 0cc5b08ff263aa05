"use client";

import { useEffect, useState } from "react";
import { FormMessage } from "@/app/_components/form";
import Link from "@/app/_components/ui/link";
import type { ActionState } from "@/app/_lib/action-state";

/** How often the panel asks for the session's state: WhatsApp rotates its QR code every ~20 s. */
const POLL_MS = 2_000;

const STATE_TEXT: Record<string, string> = {
  STARTING: "The gateway is starting the session…",
  SCAN_QR_CODE: "Scan this QR code with WhatsApp on the phone: Settings → Linked devices → Link a device.",
  WORKING: "The phone is linked.",
  STOPPED: "The session is stopped on the gateway. Start the pairing again.",
  FAILED: "The session failed on the gateway. Start the pairing again.",
};

/**
 * The live QR code: asks the server every two seconds (which asks the gateway, with the key the
 * browser never sees) until the session is WORKING and the channel saved, or the pairing ends.
 */
export function PairingPanel({
  poll,
  back,
  again,
}: {
  poll: () => Promise<ActionState>;
  back: string;
  again: string;
}) {
  const [answer, setAnswer] = useState<ActionState | null>(null);
  const state = answer?.data?.state;
  const done =
    state === "WORKING" || state === "FAILED" || state === "STOPPED" || (answer !== null && !answer.ok);

  useEffect(() => {
    if (done) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      const next = await poll().catch(
        (): ActionState => ({
          ok: false,
          message: "StoryRelay could not be reached. Check the connection and reload.",
        }),
      );
      if (stopped) return;
      setAnswer(next);
      timer = setTimeout(look, POLL_MS);
    };
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poll, done]);

  return (
    <div className="flex max-w-xl flex-col gap-3" aria-live="polite">
      {/* After a refusal nothing is being checked any more: the refusal below says why. */}
      {answer === null || answer.ok ? (
        <p className="text-sm" data-testid="session-state">
          Session: <strong>{state === "UNREACHABLE" ? "not known right now" : (state ?? "checking…")}</strong>
          {state === "UNREACHABLE"
            ? ` · ${answer?.data?.reason ?? ""}`
            : state && STATE_TEXT[state]
              ? ` · ${STATE_TEXT[state]}`
              : ""}
        </p>
      ) : null}
      {state === "SCAN_QR_CODE" && answer?.data?.qr ? (
        // biome-ignore lint/performance/noImgElement: a data: URL that changes every poll; nothing to optimise
        <img
          src={answer.data.qr}
          alt="WhatsApp QR code to scan with the phone"
          width={264}
          height={264}
          className="rounded-md border border-zinc-200 bg-white"
        />
      ) : null}
      {state === "WORKING" && answer?.data?.number ? (
        <p className="text-sm">
          Number: <strong data-testid="paired-number">+{answer.data.number}</strong>
        </p>
      ) : null}
      {answer ? <FormMessage state={answer} /> : null}
      <p className="flex gap-4 text-sm">
        {state === "WORKING" ? (
          <Link href={back} className="font-medium text-brand-700 underline">
            Back to the brand
          </Link>
        ) : (
          <Link href={again} className="text-brand-700 underline">
            Start again
          </Link>
        )}
      </p>
    </div>
  );
}
