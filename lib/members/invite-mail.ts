import { formatNamedInstant } from "@/lib/core/instant-format";
import { ROLE_LABELS, type Role } from "@/lib/core/roles";
import type { MailJob } from "@/lib/queue/queues";

export function inviteMail(input: {
  to: string;
  url: string;
  workspaceName: string;
  inviterName: string;
  role: Role;
  expiresAt: Date;
}): MailJob {
  return {
    to: input.to,
    subject: `${input.inviterName} invited you to ${input.workspaceName} on StoryRelay`,
    text: [
      `${input.inviterName} invited you to join ${input.workspaceName} on StoryRelay as ${ROLE_LABELS[input.role]}.`,
      "",
      `Accept the invite: ${input.url}`,
      "",
      `The link works once and expires on ${formatNamedInstant(input.expiresAt, "UTC")}.`,
      "If you did not expect this, ignore this e-mail.",
    ].join("\n"),
  };
}
