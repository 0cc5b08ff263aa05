import type { Prisma } from "@/lib/db/generated/client";

/** The columns a sent (or sending) reply is answered with: to the page, to the API. */
export const outboundSelect = {
  id: true,
  conversationId: true,
  direction: true,
  kind: true,
  text: true,
  attachmentType: true,
  sentAt: true,
  authorId: true,
  clientId: true,
  externalId: true,
  sendState: true,
  sendError: true,
  humanAgentTag: true,
} as const satisfies Prisma.MessageSelect;

export type OutboundMessage = Prisma.MessageGetPayload<{ select: typeof outboundSelect }>;
