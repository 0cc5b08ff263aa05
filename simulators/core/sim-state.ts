import type { FetchedMedia } from "../media/fetch-media";
import { mimeOf } from "../media/sniff-media-type";
import { MessagingBook } from "../messaging/messaging-book";
import { WebhookBook } from "../webhooks/webhook-book";
import type {
  Container,
  FacebookPage,
  FacebookPhoto,
  FacebookStory,
  FacebookUser,
  FacebookVideo,
  InstagramAccount,
  InstagramMedia,
  LedgerEntry,
  OAuthCode,
  RevocationEntry,
  TokenRecord,
  WahaSession,
  WahaStatus,
} from "./entities";
import { FaultBook } from "./faults";
import { IdGenerator } from "./ids";
import { SimClock } from "./sim-clock";
import type { SimulatorOptions } from "./simulator-options";
import { UsageMeter } from "./usage-meter";

export type GraphObject =
  | { type: "instagram_account"; value: InstagramAccount }
  | { type: "container"; value: Container }
  | { type: "instagram_media"; value: InstagramMedia }
  | { type: "page"; value: FacebookPage }
  | { type: "user"; value: FacebookUser }
  | { type: "photo"; value: FacebookPhoto }
  | { type: "video"; value: FacebookVideo }
  | { type: "story"; value: FacebookStory };

/**
 * Everything the simulators remember, in memory, in one place. It lives in the simulator process,
 * so it outlives any number of StoryRelay worker crashes; only POST /_sim/reset clears it.
 */
export class SimState {
  readonly clock = new SimClock();
  ids = new IdGenerator();
  readonly faults = new FaultBook();
  readonly usage = new UsageMeter();
  /** The app's webhook subscription, its deliveries and bad-signature faults. */
  readonly webhooks = new WebhookBook();
  /** Sandbox people, who wrote to which account when (the Send API's window), and what was sent. */
  readonly messaging = new MessagingBook();

  readonly instagramAccounts = new Map<string, InstagramAccount>();
  readonly users = new Map<string, FacebookUser>();
  readonly pages = new Map<string, FacebookPage>();
  readonly sessions = new Map<string, WahaSession>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly oauthCodes = new Map<string, OAuthCode>();

  readonly containers = new Map<string, Container>();
  readonly instagramMedia = new Map<string, InstagramMedia>();
  readonly photos = new Map<string, FacebookPhoto>();
  readonly videos = new Map<string, FacebookVideo>();
  readonly stories = new Map<string, FacebookStory>();
  /** Keyed by `${session}/${id}`. */
  readonly wahaStatuses = new Map<string, WahaStatus>();

  readonly mediaBytes = new Map<string, { bytes: Buffer; mime: string }>();
  readonly ledger: LedgerEntry[] = [];
  readonly revocations: RevocationEntry[] = [];
  /** Calls per `${platform}.${operation}`, for tests that count attempts rather than outcomes. */
  readonly calls = new Map<string, number>();
  /** Timers of hanging requests, released on reset and close. */
  readonly hanging = new Set<() => void>();

  constructor(readonly options: SimulatorOptions) {}

  now(): number {
    return this.clock.now();
  }

  reset(): void {
    for (const release of this.hanging) release();
    this.hanging.clear();
    this.clock.reset();
    this.ids = new IdGenerator();
    this.faults.clear();
    this.usage.clear();
    this.webhooks.clear();
    this.messaging.clear();
    for (const map of [
      this.instagramAccounts,
      this.users,
      this.pages,
      this.sessions,
      this.tokens,
      this.oauthCodes,
      this.containers,
      this.instagramMedia,
      this.photos,
      this.videos,
      this.stories,
      this.wahaStatuses,
      this.mediaBytes,
      this.calls,
    ]) {
      map.clear();
    }
    this.ledger.length = 0;
    this.revocations.length = 0;
  }

  countCall(platform: string, operation: string): void {
    const key = `${platform}.${operation}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  /** Any Graph object by id: Meta ids are globally unique, and so are ours. */
  findObject(id: string): GraphObject | undefined {
    const account = this.instagramAccounts.get(id);
    if (account) return { type: "instagram_account", value: account };
    const container = this.containers.get(id);
    if (container) return { type: "container", value: container };
    const media = this.instagramMedia.get(id);
    if (media) return { type: "instagram_media", value: media };
    const page = this.pages.get(id);
    if (page) return { type: "page", value: page };
    const user = this.users.get(id);
    if (user) return { type: "user", value: user };
    const photo = this.photos.get(id);
    if (photo) return { type: "photo", value: photo };
    const video = this.videos.get(id);
    if (video) return { type: "video", value: video };
    const story = this.stories.get(id);
    if (story) return { type: "story", value: story };
    return undefined;
  }

  rememberMedia(media: FetchedMedia): void {
    if (!this.options.keepMediaBytes || this.mediaBytes.has(media.sha256)) return;
    this.mediaBytes.set(media.sha256, { bytes: media.bytes, mime: mimeOf(media.type) });
  }

  recordRevocation(entry: Omit<RevocationEntry, "seq" | "at">): void {
    this.revocations.push({ seq: this.revocations.length + 1, at: this.now(), ...entry });
  }

  recordPublish(entry: Omit<LedgerEntry, "seq">): LedgerEntry {
    const full: LedgerEntry = { seq: this.ledger.length + 1, ...entry };
    this.ledger.push(full);
    return full;
  }
}
