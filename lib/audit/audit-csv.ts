import type { AuditActorView, AuditEntryView } from "./list-audit-entries";

/** Who acted, as a person reads it on the page and in the CSV. */
export function auditActorText(actor: AuditActorView): string {
  switch (actor.kind) {
    case "member":
      return actor.name;
    case "apiKey":
      return `API key ${actor.name}`;
    case "reviewLink":
      return `Client${actor.clientName ? ` ${actor.clientName}` : ""} via review link ${actor.name}`;
    case "deletedUser":
      return "A deleted account";
    case "cli":
      return "Command line";
    case "system":
      return "StoryRelay";
  }
}

export const AUDIT_CSV_COLUMNS = [
  "at_utc",
  "action",
  "what",
  "who",
  "actor_kind",
  "actor_id",
  "entity_type",
  "entity_id",
  "brand",
  "brand_id",
  "story",
  "story_id",
  "channel",
  "channel_id",
  "ip",
  "user_agent",
  "details",
];

/**
 * One entry as CSV cells, in AUDIT_CSV_COLUMNS' order: the full user agent and the entry's
 * details (JSON) rather than the page's short forms. Unescaped: the caller writes them through
 * the export's cell escaping (formula-looking cells made text).
 */
export function auditCsvCells(entry: AuditEntryView): string[] {
  const actorId = "id" in entry.actor ? entry.actor.id : "";
  return [
    entry.at.toISOString(),
    entry.action,
    entry.label,
    auditActorText(entry.actor),
    entry.actor.kind,
    actorId,
    entry.entityType,
    entry.entityId,
    entry.brand?.name ?? "",
    entry.brand?.id ?? "",
    entry.story?.name ?? "",
    entry.story?.id ?? "",
    entry.channel?.name ?? "",
    entry.channel?.id ?? "",
    entry.ip ?? "",
    entry.userAgent ?? "",
    JSON.stringify(entry.data ?? {}),
  ];
}
