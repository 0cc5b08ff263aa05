import http from "node:http";
import { startSmtpSink } from "@/test/mail/smtp-sink";

// The e2e stack's mail server (a Playwright webServer): SMTP on E2E_MAIL_SMTP_PORT for the
// workers, and on E2E_MAIL_HTTP_PORT `GET /messages` (every mail so far, JSON) for the specs.

const smtpPort = Number(process.env.E2E_MAIL_SMTP_PORT);
const httpPort = Number(process.env.E2E_MAIL_HTTP_PORT);
if (!smtpPort || !httpPort) throw new Error("E2E_MAIL_SMTP_PORT and E2E_MAIL_HTTP_PORT must be set");

const sink = await startSmtpSink(smtpPort);
const server = http.createServer((request, response) => {
  if (request.url === "/health") return void response.writeHead(200).end("ok");
  if (request.url === "/messages") {
    return void response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify(sink.mails));
  }
  response.writeHead(404).end();
});
server.listen(httpPort, "127.0.0.1", () => console.log(`mail sink: smtp ${sink.url}, http ${httpPort}`));

const stop = () => {
  server.close();
  void sink.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
