import type { Platform } from "../core/entities";

/**
 * A sandbox person who talks to the brand's accounts: an Instagram user (IGSID), a Facebook user
 * (PSID) or a WhatsApp contact (`<digits>@c.us`). Meta scopes these ids per app; one id per
 * simulator is close enough, since every sandbox account belongs to the one simulated app.
 */
export interface SandboxPerson {
  id: string;
  platform: Platform;
  name: string;
  username: string;
}

/** A person who wrote to an account: the Send API's window counts from `lastInboundAt`. */
export interface Contact {
  accountId: string;
  personId: string;
  firstInboundAt: number;
  /** Simulated time of the person's last message (story reply, reaction, mention, text). */
  lastInboundAt: number;
}

/** A message a Send API accepted: the ledger the e2e and tests count on (a send must appear once). */
export interface SentMessage {
  seq: number;
  platform: Platform;
  accountId: string;
  recipientId: string;
  messageId: string;
  text: string | null;
  attachmentUrl: string | null;
  tag: string | null;
  /** Simulated time the Send API accepted it. */
  sentAt: number;
}

/** A message a sandbox person sent, kept so a later reaction can name the message it reacts to. */
export interface InboundMessage {
  platform: Platform;
  accountId: string;
  personId: string;
  messageId: string;
  at: number;
}

/** Everything the simulated people and the Send APIs remember; cleared by POST /_sim/reset. */
export class MessagingBook {
  readonly people = new Map<string, SandboxPerson>();
  /** Keyed by `${accountId}/${personId}`. */
  readonly contacts = new Map<string, Contact>();
  readonly sent: SentMessage[] = [];
  readonly inbound: InboundMessage[] = [];
  /** Each account's default person ("Sandbox Viewer"), by account id. */
  readonly defaultViewers = new Map<string, string>();
  /** Numbers the next generated username (sandbox_viewer_1, sandbox_viewer_2, …). */
  viewerCounter = 0;

  contact(accountId: string, personId: string): Contact | undefined {
    return this.contacts.get(`${accountId}/${personId}`);
  }

  recordInbound(message: InboundMessage): Contact {
    const key = `${message.accountId}/${message.personId}`;
    const contact = this.contacts.get(key) ?? {
      accountId: message.accountId,
      personId: message.personId,
      firstInboundAt: message.at,
      lastInboundAt: message.at,
    };
    contact.lastInboundAt = Math.max(contact.lastInboundAt, message.at);
    this.contacts.set(key, contact);
    this.inbound.push(message);
    return contact;
  }

  recordSent(message: Omit<SentMessage, "seq">): SentMessage {
    const full: SentMessage = { seq: this.sent.length + 1, ...message };
    this.sent.push(full);
    return full;
  }

  /** Accounts the person wrote to (profile reads are allowed to those accounts' tokens). */
  accountsOf(personId: string): string[] {
    return [...this.contacts.values()].filter((c) => c.personId === personId).map((c) => c.accountId);
  }

  /** People who wrote to the account, in order of their first message. */
  peopleOf(accountId: string): string[] {
    return [...this.contacts.values()].filter((c) => c.accountId === accountId).map((c) => c.personId);
  }

  clear(): void {
    this.people.clear();
    this.contacts.clear();
    this.sent.length = 0;
    this.inbound.length = 0;
    this.defaultViewers.clear();
    this.viewerCounter = 0;
  }
}
