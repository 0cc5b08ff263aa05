/** @type {import('next').NextConfig} */
const nextConfig = {
  // Keep native and server-only packages out of the bundle; Node loads them at run time.
  // The ffmpeg/ffprobe packages locate their binaries relative to their own files at run time.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pino",
    "bullmq",
    "ioredis",
    "pg",
    "@prisma/adapter-pg",
    "@ffmpeg-installer/ffmpeg",
    "@ffprobe-installer/ffprobe",
    "@tus/server",
    "@tus/file-store",
  ],
  poweredByHeader: false,
  // `npm test` typechecks the whole tree (tsc --noEmit) before anything else; checking again in
  // every build would only add half a minute and fail builds on errors in test-only files.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Story uploads go through a server action: one file at MEDIA_MAX_BYTES' default (100 MiB)
    // plus the form around it. storeMediaAsset enforces the configured limit itself.
    serverActions: { bodySizeLimit: "110mb" },
  },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      {
        // API answers are data, never pages: they may load nothing and be framed by no one. Pages
        // get their policy, with a per-request script nonce, from proxy.ts.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
      {
        // The client review page: its URL is the link's whole authorisation, so it goes to no one
        // (a later entry for the same header wins), and search engines keep out.
        source: "/review/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
    ];
  },
};

export default nextConfig;
