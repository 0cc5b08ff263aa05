/**
 * Who may do what. Pure data so the UI (hiding controls) and the server (refusing the action)
 * read the same table; the server check is the one that counts.
 */
export const ROLES = ["OWNER", "ADMIN", "EDITOR", "APPROVER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  APPROVER: "Approver",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including other owners and the workspace itself",
  ADMIN: "Brands, channels, members and API keys; everything an editor can do",
  EDITOR: "Compose, schedule and edit stories",
  APPROVER: "Approve or send back stories (a client, say)",
  VIEWER: "See stories and the calendar",
};

const PERMISSIONS = {
  "workspace:manage": ["OWNER", "ADMIN"],
  "members:manage": ["OWNER", "ADMIN"],
  "brands:manage": ["OWNER", "ADMIN"],
  "channels:manage": ["OWNER", "ADMIN"],
  "apikeys:manage": ["OWNER", "ADMIN"],
  /** The audit trail names members, IPs and clients' e-mail addresses: the people who run the workspace. */
  "audit:view": ["OWNER", "ADMIN"],
  /**
   * Taking all of a workspace's (or a brand's) data out as a ZIP: its stories, media, inbox and
   * trail. The people who run the workspace, as for the audit trail (docs/decisions/034).
   */
  "data:export": ["OWNER", "ADMIN"],
  /** The setup doctor shows the installation's app id, hosts and gateways: owners only. */
  "setup:view": ["OWNER"],
  "stories:edit": ["OWNER", "ADMIN", "EDITOR"],
  "stories:approve": ["OWNER", "ADMIN", "APPROVER"],
  "stories:view": ["OWNER", "ADMIN", "EDITOR", "APPROVER", "VIEWER"],
  /** Viewers read the conversation; everyone who works on or reviews a story takes part. */
  "stories:comment": ["OWNER", "ADMIN", "EDITOR", "APPROVER"],
  /** The replies inbox: everyone reads (client reviewers aside, refused by the use cases)... */
  "inbox:view": ["OWNER", "ADMIN", "EDITOR", "APPROVER", "VIEWER"],
  /** ...those who write stories answer, assign, take notes, close and keep saved replies... */
  "inbox:reply": ["OWNER", "ADMIN", "EDITOR"],
  /** ...and admins set retention and late answers, export and erase a person's conversation. */
  "inbox:manage": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles a member may hand out: nobody can grant more than they hold, and only owners make owners. */
export function assignableRoles(role: Role): Role[] {
  if (role === "OWNER") return [...ROLES];
  if (can(role, "members:manage")) return ROLES.filter((r) => r !== "OWNER");
  return [];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
