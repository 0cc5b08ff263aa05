import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { expectAppError } from "@/test/assert/expect-app-error";
import { signUp } from "./sign-up";

const email = () => `signup-${randomUUID()}@example.test`;
const password = "a long enough passphrase";

describe("signUp", () => {
  it("creates the account and a workspace it owns", async () => {
    const address = email();
    const { user, workspace } = await signUp(db(), {
      name: "Ada",
      email: address.toUpperCase(),
      password,
      workspaceName: `Ada Agency ${randomUUID()}`,
    });
    expect(user.email).toBe(address);
    const membership = await db().membership.findFirstOrThrow({ where: { userId: user.id } });
    expect(membership).toMatchObject({ workspaceId: workspace.id, role: "OWNER", limitedToBrands: false });
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(password);
  });

  it("refuses an e-mail that is taken, whatever its case, and writes nothing", async () => {
    const address = email();
    await signUp(db(), { name: "First", email: address, password, workspaceName: "First Co" });
    const before = await db().workspace.count();
    const error = await expectAppError(
      signUp(db(), { name: "Second", email: address.toUpperCase(), password, workspaceName: "Second Co" }),
      "CONFLICT",
    );
    expect(error.details.fields?.email).toMatch(/already exists/);
    expect(await db().workspace.count()).toBe(before);
  });

  it("refuses a weak password with the reason, and writes nothing", async () => {
    const address = email();
    const error = await expectAppError(
      signUp(db(), { name: "Weak", email: address, password: "short", workspaceName: "Weak Co" }),
      "INVALID_INPUT",
    );
    expect(error.details.fields?.password).toMatch(/at least 10 characters/);
    expect(await db().user.count({ where: { email: address } })).toBe(0);
  });

  it("reports every invalid field at once", async () => {
    const error = await expectAppError(
      signUp(db(), { name: "", email: "not-an-address", password: "x", workspaceName: "" }),
      "INVALID_INPUT",
    );
    expect(Object.keys(error.details.fields ?? {}).sort()).toEqual([
      "email",
      "name",
      "password",
      "workspaceName",
    ]);
  });

  it("gives a second workspace with the same name the next free slug", async () => {
    const name = `Slug Test ${randomUUID().slice(0, 8)}`;
    const first = await signUp(db(), { name: "A", email: email(), password, workspaceName: name });
    const second = await signUp(db(), { name: "B", email: email(), password, workspaceName: name });
    expect(second.workspace.slug).toBe(`${first.workspace.slug}-2`);
  });

  it("lets exactly one of two simultaneous sign-ups with the same e-mail through", async () => {
    const address = email();
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        signUp(db(), { name: `Racer ${n}`, email: address, password, workspaceName: "Race" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { email: address } })).toBe(1);
    expect(await db().membership.count({ where: { user: { email: address } } })).toBe(1);
  });
});
