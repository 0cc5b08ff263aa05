import { createReadStream } from "node:fs";
import { stat as statFile } from "node:fs/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import { AppError } from "@/lib/errors";
import { contentTypeOfKey, isMediaKey } from "./media-key";
import type { ByteRange, MediaStorage } from "./storage";

export type S3StorageConfig = {
  bucket: string;
  region: string;
  /** For S3-compatible services (MinIO, R2, B2, Scaleway …); unset means AWS itself. */
  endpoint?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key`; most self-hosted services need it. */
  forcePathStyle: boolean;
};

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The media store on S3 or an S3-compatible service: one object per key, in one bucket. Objects
 * stay private; the platforms still fetch through our signed `/media/…` URLs, which stream from
 * here, so one signing scheme serves both drivers and the bucket needs no public access.
 */
export class S3MediaStorage implements MediaStorage {
  private connection?: Promise<{ client: S3Client; s3: typeof import("@aws-sdk/client-s3") }>;

  constructor(private readonly config: S3StorageConfig) {}

  // The SDK is loaded on first use (it costs a process over 20 MB): a process that never touches
  // media, most workers, does not carry it.
  private connect() {
    this.connection ??= import("@aws-sdk/client-s3").then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: this.config.region,
        endpoint: this.config.endpoint,
        forcePathStyle: this.config.forcePathStyle,
        credentials: { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey },
        // Checksums on every request are on by default in recent SDKs; S3-compatible services
        // differ in support, and the bytes are checksummed by us anyway (MediaAsset.checksum).
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      }),
    }));
    return this.connection;
  }

  private checked(key: string): string {
    if (!isMediaKey(key))
      throw new AppError("INVALID_INPUT", `${JSON.stringify(key.slice(0, 200))} is not a media storage key.`);
    return key;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const { client, s3 } = await this.connect();
    await client.send(
      new s3.PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.checked(key),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: contentTypeOfKey(key),
      }),
    );
  }

  async putFile(key: string, path: string): Promise<void> {
    const { size } = await statFile(path);
    const { client, s3 } = await this.connect();
    await client.send(
      new s3.PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.checked(key),
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentTypeOfKey(key),
      }),
    );
  }

  async get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const { client, s3 } = await this.connect();
    try {
      const response = await client.send(
        new s3.GetObjectCommand({
          Bucket: this.config.bucket,
          Key: this.checked(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return response.Body ? (response.Body.transformToWebStream() as ReadableStream<Uint8Array>) : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    const { client, s3 } = await this.connect();
    try {
      const head = await client.send(
        new s3.HeadObjectCommand({ Bucket: this.config.bucket, Key: this.checked(key) }),
      );
      return { sizeBytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const { client, s3 } = await this.connect();
    await client.send(new s3.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.checked(key) }));
  }
}
