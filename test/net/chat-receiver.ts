import http from "node:http";

export type ChatPost = { text: string; receivedAt: string };

/**
 * A local stand-in for a Slack-compatible incoming webhook: keeps every `{ text }` POSTed to it and
 * answers 200 "ok" (as Slack does), or, while `failNext(n)` lasts, 500 — to see retries happen.
 */
export async function startChatReceiver(host = "127.0.0.1") {
  const posts: ChatPost[] = [];
  const listeners = new Set<() => void>();
  let failures = 0;
  let refused = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (failures > 0) {
        failures -= 1;
        refused += 1;
        response.writeHead(500, { "content-type": "text/plain" }).end("receiver_down");
        for (const listener of listeners) listener();
        return;
      }
      let text = "";
      try {
        text = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text?: unknown }).text ?? "");
      } catch {
        response.writeHead(400, { "content-type": "text/plain" }).end("invalid_payload");
        return;
      }
      posts.push({ text, receivedAt: new Date().toISOString() });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
      for (const listener of listeners) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as import("node:net").AddressInfo;
  return {
    url: `http://${host}:${port}/services/T000/B000/XXXX`,
    posts,
    /** Answers the next `count` posts with HTTP 500. */
    failNext(count: number) {
      failures = count;
    },
    get refused() {
      return refused;
    },
    /** Resolves with the first post (already here or still to come) that `match` accepts. */
    waitFor(match: (post: ChatPost) => boolean, timeoutMs = 10_000): Promise<ChatPost> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = posts.find(match);
          if (!found) return false;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching chat post within ${timeoutMs} ms (${posts.length} received)`));
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type ChatReceiver = Awaited<ReturnType<typeof startChatReceiver>>;
