# syntax=docker/dockerfile:1
# One image for every StoryRelay process; the command picks which (docker/entrypoint.sh):
#   docker run storyrelay web | workers | publish-workers | media-workers | simulators | migrate
# docs/decisions/037-containers.md; README, "Deployment".

# --- build: dependencies, Prisma client, Next.js production build ----------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# Install scripts fetch sharp's and ffmpeg's platform binaries for this (Linux) image.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate
# `next build` parses the configuration like any start (lib/env.ts): it gets throwaway values
# here, on this one command, so no secret is baked into a layer. The real ones come at run time.
RUN DATABASE_URL=postgresql://build@127.0.0.1:5432/build \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    AUTH_SECRET=build-time-placeholder-not-a-secret-000000 \
    ENCRYPTION_KEY=YnVpbGQtdGltZS1wbGFjZWhvbGRlci0wMDAwMDAwMDA= \
    npm run build \
 && rm -rf .next/cache \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: what the processes run, as an unprivileged user -----------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    MEDIA_DIR=/data/media
WORKDIR /app
RUN groupadd --system --gid 10001 storyrelay \
 && useradd --system --uid 10001 --gid storyrelay --home-dir /app --shell /usr/sbin/nologin storyrelay \
 && mkdir -p /data/media \
 && chown storyrelay:storyrelay /data/media
# Read-only for the app user (owned by root): the code cannot be changed by the process it runs.
COPY --from=build /app/package.json /app/next.config.js /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/prisma ./prisma
# The workers bundle lib/ and workers/ with esbuild at start (scripts/workers.mjs); the
# simulators run their TypeScript with tsx; the migrate step needs the Prisma schema engine stand-in.
COPY --from=build /app/lib ./lib
COPY --from=build /app/workers ./workers
COPY --from=build /app/simulators ./simulators
COPY --from=build /app/scripts/workers.mjs /app/scripts/worker-kinds.mjs /app/scripts/prisma-schema-engine.mjs ./scripts/
COPY --from=build /app/scripts/prisma-schema-engine ./scripts/prisma-schema-engine
COPY --from=build /app/docker/entrypoint.sh ./docker/entrypoint.sh
# What the processes write: the workers' bundle, Next.js's cache, the media store.
RUN mkdir -p .build .next/cache \
 && chown storyrelay:storyrelay .build .next/cache
USER storyrelay
EXPOSE 3000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
