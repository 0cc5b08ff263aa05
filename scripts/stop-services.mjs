#!/usr/bin/env node
// `npm run services:stop`: stops the project-local Postgres and Redis that `npm start` or
// `npm test` started under .data/ (they keep running between starts so the next one is fast).
// Servers we did not start (DATABASE_URL, or the ones on the default ports) are never touched.
// Their data stays in .data/; delete that folder too to start from scratch.
import { info, reportFatal, success } from "./bootstrap/log.mjs";
import { stopLocalServices } from "./bootstrap/services.mjs";

stopLocalServices()
  .then((stopped) => {
    if (stopped.length > 0) success(`Stopped ${stopped.join(" and ")}`);
    else info("No project-local Postgres or Redis was running.");
  })
  .catch(reportFatal);
