import type { MessagingSupport } from "./platforms/descriptor";

const HOUR_MS = 3_600_000;

/**
 * Whether a conversation may be answered now, as the platform rules it (its descriptor's
 * messaging facts) and as the workspace allows (Meta's human-agent tag is opt-in):
 *
 * - `always`: no window at all (a linked WhatsApp phone).
 * - `open`: the standard window runs until `closesAt`.
 * - `tagged`: the standard window has passed, but a person may still answer with the
 *   human-agent tag until `closesAt` (the workspace allows it).
 * - `closed`: nothing may be sent; `reason` says why in a marketer's words.
 *
 * Pure, so the reply box (counting down in the browser) and send-reply (refusing before any call)
 * decide alike.
 */
export type ReplyWindow =
  | { kind: "always" }
  | { kind: "open"; closesAt: Date }
  | { kind: "tagged"; closesAt: Date }
  | { kind: "closed"; reason: string };

export function replyWindow(input: {
  messaging: MessagingSupport;
  platformName: string;
  lastInboundAt: Date | null;
  humanAgentReplies: boolean;
  now: Date;
}): ReplyWindow {
  const { messaging, platformName, lastInboundAt, now } = input;
  if (messaging.replyWindowHours === null) return { kind: "always" };
  if (!lastInboundAt) {
    return {
      kind: "closed",
      reason: `${platformName} lets you answer only after the person writes to the account.`,
    };
  }
  const closesAt = new Date(lastInboundAt.getTime() + messaging.replyWindowHours * HOUR_MS);
  if (now < closesAt) return { kind: "open", closesAt };
  const standard = `More than ${messaging.replyWindowHours} hours have passed since their last message; ${platformName} allows answers only within ${messaging.replyWindowHours} hours of it.`;
  if (messaging.humanAgentDays === null) return { kind: "closed", reason: standard };
  if (!input.humanAgentReplies) {
    return {
      kind: "closed",
      reason: `${standard} An admin can allow late answers by a person (Meta's human-agent tag, up to ${messaging.humanAgentDays} days) in the workspace settings.`,
    };
  }
  const tagClosesAt = new Date(lastInboundAt.getTime() + messaging.humanAgentDays * 24 * HOUR_MS);
  if (now < tagClosesAt) return { kind: "tagged", closesAt: tagClosesAt };
  return {
    kind: "closed",
    reason: `More than ${messaging.humanAgentDays} days have passed since their last message; ${platformName} accepts no answer now, not even from a person. They must write again first.`,
  };
}

/** "3 h 12 min", "45 min", "under a minute": the countdown beside the reply box. */
export function formatRemaining(ms: number): string {
  if (ms < 60_000) return "under a minute";
  const totalMinutes = Math.floor(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min`;
}
