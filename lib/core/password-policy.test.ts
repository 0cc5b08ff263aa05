import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it("accepts a long passphrase", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });

  it.each([
    ["short", /at least 10/],
    ["aaaaaaaaaaaa", /different characters/],
    ["Password123", /attackers try/],
    ["x".repeat(201), /at most 200/],
  ])("refuses %j", (password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });

  it("refuses the e-mail address as password", () => {
    expect(passwordProblem("Someone@Example.com", "someone@example.com")).toMatch(/e-mail/);
  });
});
