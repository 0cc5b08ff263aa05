#!/bin/sh
# The image's one entrypoint: the first argument picks the process (docs/decisions/037-containers.md).
#   web | workers | publish-workers | media-workers | simulators | migrate
# `workers` runs every queue in one process; `publish-workers` and `media-workers` split them so
# publishing never shares a process with sharp and ffmpeg (docs/decisions/041-worker-kinds.md).
# Everything is configured by environment variables (README, "Deployment"; .env.example).
set -eu

# Run from the application's root whatever the working directory: the Prisma config, the
# migrations, the Next.js build and the workers' bundler all resolve paths from it.
cd "$(dirname "$0")/.."

# A publish worker's V8 heap limits, from its concurrency (scripts/worker-kinds.mjs,
# publishHeapOptions, says why; its test checks that this computes the same).
publish_heap="--max-old-space-size=$((96 + ${WORKER_PUBLISH_CONCURRENCY:-100} / 2)) --max-semi-space-size=8"

command="${1:-}"
if [ "$#" -gt 0 ]; then shift; fi

case "$command" in
  web)
    if [ ! -f .next/BUILD_ID ]; then
      echo "storyrelay: no production build in .next: run \`npm run build\` first (the image has one)." >&2
      exit 1
    fi
    exec node node_modules/next/dist/bin/next start --port "${PORT:-3000}" "$@"
    ;;
  workers)
    exec node scripts/workers.mjs "$@"
    ;;
  publish-workers)
    # Unquoted on purpose: two options.
    # shellcheck disable=SC2086
    exec node $publish_heap scripts/workers.mjs --kind publish "$@"
    ;;
  media-workers)
    exec node scripts/workers.mjs --kind media "$@"
    ;;
  simulators)
    exec node node_modules/tsx/dist/cli.mjs simulators/index.ts "$@"
    ;;
  migrate)
    exec node node_modules/prisma/build/index.js migrate deploy "$@"
    ;;
  "")
    echo "storyrelay: say which process to run: web, workers, publish-workers, media-workers, simulators or migrate." >&2
    exit 64
    ;;
  *)
    echo "storyrelay: unknown command \"$command\": use web, workers, publish-workers, media-workers, simulators or migrate." >&2
    exit 64
    ;;
esac
