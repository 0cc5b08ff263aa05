import { formatNamedInstant } from "@/lib/core/instant-format";
import type { MailJob } from "@/lib/queue/queues";

export type MailedNotice = {
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  workspace: { name: string; slug: string };
  brandName: string | null;
};

const SUBJECT_MAX = 200;

const subject = (text: string) => (text.length <= SUBJECT_MAX ? text : `${text.slice(0, SUBJECT_MAX - 1)}…`);

/** Where a person changes how notices reach them (per person, reachable from every workspace). */
export const noticeSettingsUrl = (baseUrl: string, slug: string) =>
  `${baseUrl}/w/${slug}/notifications/settings`;

/** One notice as its own mail: what happened, a link to it, and where to change the preference. */
export function noticeMail(to: string, notice: MailedNotice, baseUrl: string): MailJob {
  const lines = [
    notice.title,
    "",
    ...(notice.body ? [notice.body, ""] : []),
    ...(notice.link ? [`Open it: ${baseUrl}${notice.link}`, ""] : []),
    `${notice.workspace.name}${notice.brandName ? ` · ${notice.brandName}` : ""} · ${formatNamedInstant(notice.createdAt, "UTC", "date-time", notice.createdAt)}`,
    "",
    `You get this because your notifications are set to "e-mail at once". Change it: ${noticeSettingsUrl(baseUrl, notice.workspace.slug)}`,
  ];
  return { to, subject: subject(`[${notice.workspace.name}] ${notice.title}`), text: lines.join("\n") };
}

/** The day's notices as one mail, grouped by workspace, then brand (workspace-wide ones first). */
export function digestMail(to: string, notices: MailedNotice[], baseUrl: string, now: Date): MailJob {
  const byWorkspace = new Map<string, { name: string; slug: string; brands: Map<string, MailedNotice[]> }>();
  for (const notice of notices) {
    const workspace = byWorkspace.get(notice.workspace.slug) ?? {
      ...notice.workspace,
      brands: new Map<string, MailedNotice[]>(),
    };
    byWorkspace.set(notice.workspace.slug, workspace);
    const brand = notice.brandName ?? "";
    workspace.brands.set(brand, [...(workspace.brands.get(brand) ?? []), notice]);
  }
  const lines = [
    `Your StoryRelay notifications of the last day (${notices.length} unread), as of ${formatNamedInstant(now, "UTC", "date-time", now)}.`,
  ];
  let firstSlug = "";
  for (const workspace of byWorkspace.values()) {
    firstSlug ||= workspace.slug;
    lines.push("", `== ${workspace.name} ==`);
    const brands = [...workspace.brands.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (const [brand, items] of brands) {
      lines.push("", brand ? `-- ${brand} --` : "-- Workspace --");
      for (const notice of items) {
        lines.push(
          `* ${notice.title} (${formatNamedInstant(notice.createdAt, "UTC", "date-time", now)})`,
          ...(notice.body ? [`  ${notice.body}`] : []),
          ...(notice.link ? [`  ${baseUrl}${notice.link}`] : []),
        );
      }
    }
  }
  lines.push(
    "",
    `You get this daily digest because you chose it. Change it: ${noticeSettingsUrl(baseUrl, firstSlug)}`,
  );
  return {
    to,
    subject: subject(
      `StoryRelay: ${notices.length} notification${notices.length === 1 ? "" : "s"} of the last day`,
    ),
    text: lines.join("\n").slice(0, 20_000),
  };
}
