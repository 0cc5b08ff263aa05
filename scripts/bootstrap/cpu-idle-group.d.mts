// Types for cpu-idle-group.mjs (the bootstrap is plain JavaScript; its tests are TypeScript).
export type CpuIdleGroup = {
  dir: string;
  wrap(command: string, args: string[]): [string, string[]];
  remove(): void;
};
export declare function makeCpuIdleGroup(name: string): { group: CpuIdleGroup } | { reason: string };
