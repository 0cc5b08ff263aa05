import { execFile } from "node:child_process";
import { randomInt } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Namespaces are named storyrelay-<pid of the test process>-<n>, so a later run can tell leftovers. */
const PREFIX = "storyrelay-";

export type TestHost = {
  /** The network namespace. */
  name: string;
  /** This machine's end of the host's link: the address the host reaches our services at. */
  gateway: string;
  /** The host's own address, as our services see it. */
  address: string;
  /** Prefix for spawn that runs a command inside the host (`ip netns exec` execs it, so its pid is the command's). */
  launcher: string[];
  /** Takes the link down on our side: packets vanish, so the host's TCP connections hang rather than reset. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /**
   * Bytes sent over the link but not yet acknowledged, both ways (the Send-Q of the host's TCP
   * sockets and of ours towards it): 0 once everything written before or during a cut has arrived.
   */
  bytesInFlight(): Promise<number>;
};

async function ip(...args: string[]): Promise<string> {
  return (await run("ip", args)).stdout;
}

/** Sum of the Send-Q column of `ss -tnH` lines ("State Recv-Q Send-Q Local Peer"). */
function sendQueueBytes(ssOutput: string): number {
  return ssOutput
    .split("\n")
    .map((line) => Number(line.trim().split(/\s+/)[2] ?? 0))
    .reduce((sum, bytes) => sum + (Number.isFinite(bytes) ? bytes : 0), 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Namespaces a killed test run left behind (deleting one deletes its veth pair with it). */
async function removeLeftovers(): Promise<void> {
  const names = (await ip("netns", "list")).split("\n").map((line) => line.split(" ")[0] ?? "");
  for (const name of names) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-\\d+$`).exec(name)?.[1]);
    if (pid && !isAlive(pid)) await ip("netns", "delete", name).catch(() => undefined);
  }
}

/**
 * Why test hosts cannot be made here (not root, no iproute2, no network namespaces in this
 * container), or undefined when they can: tries to make and remove one namespace.
 */
export async function whyNoTestHosts(): Promise<string | undefined> {
  const probe = `${PREFIX}${process.pid}-probe`;
  try {
    await ip("netns", "add", probe);
    await ip("netns", "delete", probe);
    return undefined;
  } catch (error) {
    const reason = (error as { stderr?: string; message: string }).stderr?.trim() || (error as Error).message;
    return `\`ip netns add\` failed (${reason.split("\n")[0]}); it needs root and iproute2`;
  }
}

/**
 * `count` test hosts: each a network namespace joined to this machine by a veth pair on a /24 of
 * 10.210.0.0/16 (ours at .1, the host's at .2) and nothing else, so everything a host reaches goes
 * over its link and `cut()` isolates it. `remove()` deletes them all; call it also when the test
 * fails (afterAll).
 */
export async function makeTestHosts(count: number): Promise<{ hosts: TestHost[]; remove(): Promise<void> }> {
  await removeLeftovers();
  const taken = await ip("-4", "-o", "addr");
  const subnets = new Set<number>();
  // Random /24s, so two runs at once (two checkouts' test suites) rarely pick the same.
  while (subnets.size < count) {
    const candidate = randomInt(1, 255);
    if (!taken.includes(`10.210.${candidate}.`)) subnets.add(candidate);
  }
  const names: string[] = [];
  const remove = async () => {
    for (const name of names.splice(0)) await ip("netns", "delete", name).catch(() => undefined);
  };
  const hosts: TestHost[] = [];
  try {
    for (const [i, subnet] of [...subnets].entries()) {
      const name = `${PREFIX}${process.pid}-${i}`;
      // Interface names are at most 15 characters.
      const outside = `sr${process.pid}h${i}`;
      const inside = `sr${process.pid}n${i}`;
      const gateway = `10.210.${subnet}.1`;
      const address = `10.210.${subnet}.2`;
      await ip("netns", "add", name);
      names.push(name);
      await ip("link", "add", outside, "type", "veth", "peer", "name", inside);
      await ip("link", "set", inside, "netns", name);
      await ip("addr", "add", `${gateway}/24`, "dev", outside);
      await ip("link", "set", outside, "up");
      await ip("-n", name, "addr", "add", `${address}/24`, "dev", inside);
      await ip("-n", name, "link", "set", inside, "up");
      await ip("-n", name, "link", "set", "lo", "up");
      hosts.push({
        name,
        gateway,
        address,
        launcher: ["ip", "netns", "exec", name],
        cut: async () => void (await ip("link", "set", outside, "down")),
        restore: async () => void (await ip("link", "set", outside, "up")),
        bytesInFlight: async () =>
          sendQueueBytes((await run("ip", ["netns", "exec", name, "ss", "-tnH"])).stdout) +
          sendQueueBytes((await run("ss", ["-tnH", "dst", address])).stdout),
      });
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { hosts, remove };
}
