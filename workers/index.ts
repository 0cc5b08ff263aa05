import { startMediaKind } from "./media-kind";
import { startPublishKind } from "./publish-kind";
import { runWorkerProcess } from "./run-workers";

// `npm run workers` (or `-- --kind all`): both kinds in one process, every queue consumed. For a
// single small host and for tests; `npm start` and compose run the kinds apart (decision 041).
runWorkerProcess("all", [
  { kind: "publish", start: startPublishKind },
  { kind: "media", start: startMediaKind },
]);
