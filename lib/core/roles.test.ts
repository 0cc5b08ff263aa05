import { describe, expect, it } from "vitest";
import { assignableRoles, can, isRole, ROLES } from "./roles";

describe("can", () => {
  it("lets only owners and admins manage brands and members", () => {
    expect(ROLES.filter((role) => can(role, "brands:manage"))).toEqual(["OWNER", "ADMIN"]);
    expect(ROLES.filter((role) => can(role, "members:manage"))).toEqual(["OWNER", "ADMIN"]);
  });

  it("keeps editing and approving apart", () => {
    expect(can("EDITOR", "stories:edit")).toBe(true);
    expect(can("EDITOR", "stories:approve")).toBe(false);
    expect(can("APPROVER", "stories:approve")).toBe(true);
    expect(can("APPROVER", "stories:edit")).toBe(false);
  });

  it("lets a viewer only view", () => {
    expect(can("VIEWER", "stories:view")).toBe(true);
    for (const permission of [
      "stories:edit",
      "stories:approve",
      "brands:manage",
      "channels:manage",
    ] as const) {
      expect(can("VIEWER", permission)).toBe(false);
    }
  });
});

describe("assignableRoles", () => {
  it("lets only owners make owners", () => {
    expect(assignableRoles("OWNER")).toContain("OWNER");
    expect(assignableRoles("ADMIN")).not.toContain("OWNER");
    expect(assignableRoles("ADMIN")).toContain("ADMIN");
  });

  it("gives nothing to roles that cannot manage members", () => {
    expect(assignableRoles("EDITOR")).toEqual([]);
    expect(assignableRoles("VIEWER")).toEqual([]);
  });
});

describe("isRole", () => {
  it("accepts exactly the five roles", () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole("owner")).toBe(false);
    expect(isRole("SUPERUSER")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
