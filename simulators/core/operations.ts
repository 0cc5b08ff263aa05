/**
 * The operations faults can target, per platform. Fault requests are checked against this list
 * so a typo fails loudly instead of producing a fault that never fires.
 */
export const OPERATIONS = {
  instagram: [
    "create_container",
    "container_status",
    "upload",
    "publish",
    "publishing_limit",
    "stories",
    "media",
    "insights",
    "refresh_token",
    "me",
    "debug_token",
    "oauth_code",
    "oauth_exchange",
    "send_message",
    "user_profile",
  ],
  facebook: [
    "photo_upload",
    "photo_story",
    "video_start",
    "video_upload",
    "video_status",
    "video_finish",
    "stories",
    "accounts",
    "me",
    "object",
    "debug_token",
    "oauth_exchange",
    "oauth_code",
    "permissions",
    "send_message",
    "user_profile",
  ],
  whatsapp: [
    "new_message_id",
    "send_image",
    "send_video",
    "send_text",
    "delete",
    "sessions",
    "auth_qr",
    "send_message",
  ],
} as const;

export type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS][number];
