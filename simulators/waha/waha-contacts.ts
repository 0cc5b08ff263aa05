import { createHash } from "node:crypto";
import type { WahaSession } from "../core/entities";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { badRequest, sessionNotWorking } from "./waha-errors";

/** How many sandbox contacts every session has: enough to page and search, few enough to read. */
export const SANDBOX_CONTACT_COUNT = 30;

const FIRST = ["Ana", "Ben", "Chloé", "Dev", "Emeka", "Fatima", "Gus", "Hana", "Ivo", "Jun"];
const LAST = ["Okafor", "Silva", "Nguyen", "Müller", "Kowalski", "Haddad"];

export interface SandboxContact {
  id: string;
  number: string;
  name: string | null;
  pushname: string | null;
  shortName: string | null;
  isMe: false;
  isGroup: false;
  isWAContact: true;
  isMyContact: boolean;
  isBusiness: boolean;
}

/**
 * A session's phone book: generated from the session's name, so the same session always has the
 * same contacts (tests and the lists a person saved keep meaning the same people) while two
 * sessions have different ones. A few have only a push name, as unsaved numbers do.
 */
export function sandboxContacts(sessionName: string): SandboxContact[] {
  const seed = createHash("sha256").update(`waha-contacts:${sessionName}`).digest();
  return Array.from({ length: SANDBOX_CONTACT_COUNT }, (_, i) => {
    const digits = (seed.readUInt32BE(i % 28) + i * 7919) % 100_000_000;
    const number = `447${String(digits).padStart(8, "0")}${String(i).padStart(2, "0")}`;
    const full = `${FIRST[i % FIRST.length]} ${LAST[(i + seed.readUInt8(i % 32)) % LAST.length]}`;
    const saved = i % 7 !== 6;
    return {
      id: `${number}@c.us`,
      number,
      name: saved ? full : null,
      pushname: full.split(" ")[0] ?? null,
      shortName: saved ? (full.split(" ")[0] ?? null) : null,
      isMe: false,
      isGroup: false,
      isWAContact: true,
      isMyContact: saved,
      isBusiness: i % 10 === 3,
    };
  });
}

function intParam(req: SimRequest, name: string): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest([`${name} must be a non-negative integer`]);
  return value;
}

// GET /api/contacts/all?session=&limit=&offset= – the session's contacts (WORKING sessions only)
export function listContacts(req: SimRequest, session: WahaSession): SimResponse {
  if (session.state !== "WORKING") throw sessionNotWorking(session);
  const offset = intParam(req, "offset") ?? 0;
  const limit = intParam(req, "limit");
  const all = sandboxContacts(session.id);
  return json(all.slice(offset, limit === undefined ? undefined : offset + limit));
}
