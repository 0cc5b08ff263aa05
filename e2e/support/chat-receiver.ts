// A Slack-compatible incoming webhook for specs, listening in the Playwright worker on 127.0.0.1
// (the e2e stack sets ALLOW_PRIVATE_URLS, so the workers may post to it). Save its `url` as the
// workspace's chat webhook; `waitFor` a post; `failNext(n)` to answer HTTP 500.
export { type ChatPost, type ChatReceiver, startChatReceiver } from "@/test/net/chat-receiver";
