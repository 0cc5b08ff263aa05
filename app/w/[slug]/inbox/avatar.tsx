/** A person's picture as their platform serves it, or a grey disc. */
export function Avatar({ url, size = "size-10" }: { url: string | null; size?: string }) {
  return url ? (
    // biome-ignore lint/performance/noImgElement: the platform's own picture URL, loaded without a referrer; next/image would proxy and cache a person's picture
    <img
      src={url}
      alt=""
      referrerPolicy="no-referrer"
      className={`${size} shrink-0 rounded-full bg-zinc-100 object-cover`}
    />
  ) : (
    <span aria-hidden="true" className={`${size} shrink-0 rounded-full bg-zinc-200`} />
  );
}
