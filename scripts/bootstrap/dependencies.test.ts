import { describe, expect, it } from "vitest";
import { checkNodeVersion, installedTreeMatchesLock } from "./dependencies.mjs";

const lock = {
  packages: {
    "": { name: "storyrelay", dependencies: { pg: "8.23.1" } },
    "node_modules/pg": { version: "8.23.1", integrity: "sha512-a" },
    "node_modules/@esbuild/darwin-arm64": { version: "0.25.0", optional: true, os: ["darwin"] },
  },
};

describe("installedTreeMatchesLock", () => {
  it("accepts a tree that npm installed from this lockfile, minus other platforms' optional packages", () => {
    const installed = { packages: { "node_modules/pg": { version: "8.23.1", integrity: "sha512-a" } } };
    expect(installedTreeMatchesLock(lock, installed)).toBe(true);
  });

  it("rejects a tree with another version of a package", () => {
    const installed = { packages: { "node_modules/pg": { version: "8.20.0", integrity: "sha512-b" } } };
    expect(installedTreeMatchesLock(lock, installed)).toBe(false);
  });

  it("rejects a tree missing a required package", () => {
    expect(installedTreeMatchesLock(lock, { packages: {} })).toBe(false);
  });

  it("rejects a tree with a package the lockfile no longer has", () => {
    const installed = {
      packages: {
        "node_modules/pg": { version: "8.23.1", integrity: "sha512-a" },
        "node_modules/left-pad": { version: "1.0.0" },
      },
    };
    expect(installedTreeMatchesLock(lock, installed)).toBe(false);
  });
});

describe("checkNodeVersion", () => {
  it("accepts the supported versions", () => {
    expect(() => checkNodeVersion("20.19.0")).not.toThrow();
    expect(() => checkNodeVersion("22.1.0")).not.toThrow();
  });

  it("explains what to install on an older Node", () => {
    expect(() => checkNodeVersion("18.20.4")).toThrow(/needs Node.js 20.19 or newer; this is 18.20.4/);
    expect(() => checkNodeVersion("20.11.1")).toThrow(/Install a current Node.js/);
  });
});
