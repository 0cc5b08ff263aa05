import { startMediaKind } from "./media-kind";
import { runWorkerProcess } from "./run-workers";

// `npm run workers -- --kind media`: uploads, imports, exports, insights, deletions (decision 041).
runWorkerProcess("media", [{ kind: "media", start: startMediaKind }]);
