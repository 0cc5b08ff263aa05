import type { MediaFacts } from "../media/check-media";
import type { FetchedMedia } from "../media/fetch-media";

export type Platform = "instagram" | "facebook" | "whatsapp";

export interface InstagramAccount {
  platform: "instagram";
  id: string;
  username: string;
  createdAt: number;
  /** The Instagram-Login token the control API issued. */
  token: string;
  /** Overrides the simulator-wide content_publishing_limit total for this account. */
  quotaTotal?: number;
  /** Publish times within the quota window, oldest first. */
  publishTimes: number[];
  /** Container creation times within 24 h, oldest first (the 400-a-day cap). */
  containerTimes: number[];
  /** The story published last, so the next one within seconds joins its sequence (insights' drop-off). */
  lastStoryId?: string;
}

export interface FacebookUser {
  id: string;
  name: string;
  pageIds: string[];
  token: string;
}

export interface FacebookPage {
  platform: "facebook";
  id: string;
  name: string;
  userId: string;
  createdAt: number;
  /** The page token /me/accounts hands out. */
  token: string;
  /** The Instagram account linked to this page, if any (shown by GET /{page-id}?fields=instagram_business_account). */
  instagramAccountId?: string;
}

export type WahaSessionState = "STOPPED" | "STARTING" | "SCAN_QR_CODE" | "WORKING" | "FAILED";

export interface WahaSession {
  platform: "whatsapp";
  id: string;
  name: string;
  apiKey: string;
  state: WahaSessionState;
  /**
   * Whether a phone is linked. A paired session that starts goes straight to WORKING; an unpaired
   * one waits in SCAN_QR_CODE until the control API "scans" its QR code. Logout unpairs.
   */
  paired: boolean;
  /** What the current QR code encodes; a new one after every scan or logout, as WhatsApp rotates them. */
  pairingString: string;
  /** While STARTING: the simulated time the session is up (then SCAN_QR_CODE, or WORKING if paired). */
  startingUntil?: number;
  createdAt: number;
  /** Ids handed out by new-message-id, so a send with one of them is recognised. */
  issuedIds: Set<string>;
  /** The session's config as last set by POST /api/sessions or PUT /api/sessions/{name}. */
  config?: WahaSessionConfig;
}

/** One of a WAHA session's webhooks (config.webhooks[]). */
export interface WahaWebhookConfig {
  url: string;
  /** Event names ("message", "message.reaction", "message.any", …) or "*" for all. */
  events: string[];
  /** Signs each delivery: X-Webhook-Hmac = hex HMAC-SHA512 of the body with this key. */
  hmac?: { key?: string | null } | null;
  customHeaders?: { name: string; value: string }[] | null;
}

export interface WahaSessionConfig {
  webhooks?: WahaWebhookConfig[];
  [key: string]: unknown;
}

export type Account = InstagramAccount | FacebookPage | WahaSession;

export type TokenKind = "instagram_user" | "facebook_user" | "page";

export interface TokenRecord {
  value: string;
  kind: TokenKind;
  /** The Instagram account, Facebook user or page the token acts as. */
  subjectId: string;
  /** The account the control API created this token for (faults target tokens by account). */
  accountId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** Facebook Login: the Pages the person chose on the consent screen (all of the user's when unset). */
  pageIds?: string[];
  /** Permissions the person unticked on the consent screen (/me/permissions lists them as declined). */
  declined?: string[];
  /** Set when the token was revoked: the 190 subcode Meta answers with. */
  revokedSubcode?: number;
}

export type ContainerSource = "url" | "resumable";

/** A mention on an Instagram story: the tagged username at x, y (0..1 from the top left). */
export interface UserTag {
  username: string;
  x: number;
  y: number;
}

export interface Container {
  id: string;
  accountId: string;
  kind: "image" | "video";
  source: ContainerSource;
  sourceUrl: string | null;
  createdAt: number;
  /** Processing counts from here: creation, or the end of a resumable upload. */
  processingFrom: number;
  processingMs: number;
  /** Bytes received so far by a resumable upload. */
  uploadChunks?: Buffer[];
  uploadedBytes?: number;
  media?: FetchedMedia;
  facts?: MediaFacts;
  /** Download in flight (video downloads and resumable uploads finish after the create call). */
  pending: boolean;
  /** Status text with the subcode, set when processing failed. */
  error?: { subcode: number; message: string };
  publishedMediaId?: string;
  /** Mentions sent with the container (user_tags); they go live with it. */
  userTags: UserTag[];
}

export interface InstagramMedia {
  id: string;
  accountId: string;
  containerId: string;
  kind: "image" | "video";
  sha256: string;
  publishedAt: number;
  userTags: UserTag[];
  /**
   * Where the story sits in the sequence a viewer taps through: the account's stories published
   * within seconds of each other (the frames of one StoryRelay story) form one sequence, and
   * viewers drop off frame by frame (simulators/graph/instagram-insights.ts).
   */
  sequence: { firstId: string; firstAt: number; position: number; nextId?: string };
}

export interface FacebookPhoto {
  id: string;
  pageId: string;
  published: boolean;
  sha256: string;
  sourceUrl: string | null;
  receivedAt: number;
  facts: MediaFacts;
}

export interface FacebookVideo {
  id: string;
  pageId: string;
  createdAt: number;
  bytesTransferred: number;
  uploadChunks: Buffer[];
  uploadedAt?: number;
  media?: FetchedMedia;
  sourceUrl: string | null;
  processingError?: { code: number; message: string };
  postId?: string;
}

export interface FacebookStory {
  postId: string;
  pageId: string;
  kind: "photo" | "video";
  mediaId: string;
  sha256: string;
  publishedAt: number;
}

export interface WahaStatus {
  id: string;
  session: string;
  kind: "image" | "video" | "text";
  sha256: string;
  text?: string;
  backgroundColor?: string;
  createdAt: number;
  deletedAt?: number;
  reply: Record<string, unknown>;
}

/**
 * One revocation a client asked for (Meta's DELETE /{user-id}/permissions, WAHA's session logout),
 * in order of arrival: the deletion tests read them from GET /_sim/revocations.
 */
export interface RevocationEntry {
  seq: number;
  platform: Platform;
  /** The account the revoked token or the logged-out session belonged to. */
  accountId: string;
  call: string;
  /** Simulated time of the call. */
  at: number;
}

export interface LedgerEntry {
  /** Order of arrival in the ledger, for stable sorting. */
  seq: number;
  platform: Platform;
  accountId: string;
  /** The id the platform answered with: Instagram media id, Facebook story post id, WAHA message id. */
  externalId: string;
  mediaSha256: string;
  mediaType: "image" | "video" | "text";
  /** URL the media was fetched from; null for byte uploads and text statuses. */
  sourceUrl: string | null;
  /** Simulated time the publishing call arrived. */
  receivedAt: number;
  /** Simulated time the story went live. */
  publishedAt: number;
  /** IP address the publishing call came from: which of several worker machines published it. */
  callerAddress: string;
  wahaId?: string;
  containerId?: string;
  /** Instagram mentions (user_tags) the story went live with. */
  userTags?: UserTag[];
  /**
   * WAHA status: the `contacts` the send named, exactly as sent (order kept); null when the status
   * went to all of the session's contacts (no `contacts`, or null).
   */
  contacts?: string[] | null;
  deletedAt?: number;
}

/** An authorization code the consent screen handed out: single-use, short-lived. */
export interface OAuthCode {
  code: string;
  login: "facebook" | "instagram";
  redirectUri: string;
  /** The Facebook user or Instagram account that consented. */
  subjectId: string;
  scopes: string[];
  declined: string[];
  pageIds?: string[];
  expiresAt: number;
  used: boolean;
}
