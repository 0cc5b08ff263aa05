import { describe, expect, it } from "vitest";
import { generatorOutput } from "./prisma.mjs";

describe("generatorOutput", () => {
  it("finds the generated client's folder, relative to the project root", () => {
    const schema = `generator client {\n  provider = "prisma-client"\n  output   = "../lib/db/generated"\n}\n`;
    expect(generatorOutput(schema)).toBe("lib/db/generated");
  });

  it("is undefined when the generator writes to its default place", () => {
    expect(generatorOutput(`generator client {\n  provider = "prisma-client-js"\n}\n`)).toBeUndefined();
  });
});
