import { randomBytes, randomInt } from "node:crypto";

/**
 * Meta object ids are long decimal strings; a random stem per generator keeps ids from two
 * simulator runs (or two resets) from colliding in a database that outlives them.
 */
export class IdGenerator {
  private counter = 0;
  private readonly stem = String(randomInt(100_000, 999_999));

  numeric(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.stem}${String(this.counter).padStart(7, "0")}`;
  }
}

export function randomToken(prefix: string, bytes = 30): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

export function fbtraceId(): string {
  return randomBytes(8).toString("base64url");
}

/** WAHA (NOWEB engine) message ids look like Baileys ids: "BAE5" and twelve upper-case hex digits. */
export function wahaMessageId(): string {
  return `BAE5${randomBytes(6).toString("hex").toUpperCase()}`;
}

/**
 * A Messenger / Instagram message id ("mid"): Messenger's start with "m_", Instagram's are
 * base64 of an internal key, which always begins "aWdf" ("ig_"). Opaque to StoryRelay either way.
 */
export function metaMid(platform: "instagram" | "facebook"): string {
  const tail = randomBytes(24).toString("base64url");
  return platform === "facebook" ? `m_${tail}` : `aWdfZAG1faXRlbToxOklHTWVzc2FnZA${tail}`;
}
