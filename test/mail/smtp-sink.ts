import net from "node:net";

/** One mail as the sink received it, decoded enough to assert on (subject, plain text). */
export type CapturedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
};

/**
 * A local SMTP server that accepts every mail and keeps it in memory: what the mailer sends to when
 * tests set SMTP_URL to `smtp://127.0.0.1:<port>`. It speaks the plain part of SMTP the mailer needs
 * (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), advertises no STARTTLS or AUTH, and decodes the
 * headers' encoded words and quoted-printable or base64 bodies. Hand-written rather than a
 * dependency: it is fifty lines of protocol, and a test double should hold no surprises.
 */
export async function startSmtpSink(port = 0, host = "127.0.0.1") {
  const mails: CapturedMail[] = [];
  const listeners = new Set<(mail: CapturedMail) => void>();
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let envelope: { from: string; to: string[] } = { from: "", to: [] };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 storyrelay-test-sink ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          const bare = buffer.startsWith(".\r\n") ? 0 : -1;
          if (end < 0 && bare < 0) return;
          const raw = bare === 0 ? "" : buffer.slice(0, end);
          buffer = buffer.slice(bare === 0 ? 3 : end + 5);
          inData = false;
          const mail = parseMail(raw.replace(/\r\n\.\./g, "\r\n.").replace(/^\.\./, "."), envelope);
          mails.push(mail);
          for (const listener of listeners) listener(mail);
          envelope = { from: "", to: [] };
          reply("250 2.0.0 Kept");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply("250-storyrelay-test-sink\r\n250-8BITMIME\r\n250 SMTPUTF8");
        else if (verb === "HELO") reply("250 storyrelay-test-sink");
        else if (verb === "MAIL") {
          envelope.from = address(line);
          reply("250 2.1.0 Ok");
        } else if (verb === "RCPT") {
          envelope.to.push(address(line));
          reply("250 2.1.5 Ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET") {
          envelope = { from: "", to: [] };
          reply("250 2.0.0 Ok");
        } else if (verb === "NOOP") reply("250 2.0.0 Ok");
        else if (verb === "QUIT") {
          reply("221 2.0.0 Bye");
          socket.end();
          return;
        } else reply("502 5.5.2 Command not implemented");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as net.AddressInfo;
  return {
    url: `smtp://${host}:${bound}`,
    port: bound,
    mails,
    /** Resolves with the first mail (already here or still to come) that `match` accepts. */
    waitFor(match: (mail: CapturedMail) => boolean, timeoutMs = 10_000): Promise<CapturedMail> {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${mails.length} received)`));
        }, timeoutMs);
        const listener = (mail: CapturedMail) => {
          if (!match(mail)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(mail);
        };
        listeners.add(listener);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

const address = (line: string) => /<([^>]*)>/.exec(line)?.[1]?.toLowerCase() ?? "";

function parseMail(raw: string, envelope: { from: string; to: string[] }): CapturedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  return {
    from: envelope.from,
    to: envelope.to,
    subject: decodeWords(headers.get("subject") ?? ""),
    text: text.replace(/\r\n/g, "\n"),
    receivedAt: new Date().toISOString(),
  };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
  try {
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
  } catch {
    return bytes;
  }
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=` / `=?UTF-8?B?...?=`), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}
