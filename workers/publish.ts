import { startPublishKind } from "./publish-kind";
import { runWorkerProcess } from "./run-workers";

// `npm run workers -- --kind publish`: this entry's module graph must never reach sharp, ffmpeg,
// the S3 SDK, express or zip writers (scripts/worker-kinds.test.ts; decision 041).
runWorkerProcess("publish", [{ kind: "publish", start: startPublishKind }]);
