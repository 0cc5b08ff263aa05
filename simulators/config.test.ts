import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults to 127.0.0.1:4100", () => {
    expect(loadConfig({})).toMatchObject({ SIMULATOR_PORT: 4100, SIMULATOR_HOST: "127.0.0.1" });
  });

  it("reads the port from the environment and refuses nonsense", () => {
    expect(loadConfig({ SIMULATOR_PORT: "0" }).SIMULATOR_PORT).toBe(0);
    expect(() => loadConfig({ SIMULATOR_PORT: "http" })).toThrow(/SIMULATOR_PORT/);
    expect(() => loadConfig({ SIMULATOR_PORT: "70000" })).toThrow(/SIMULATOR_PORT/);
  });
});
