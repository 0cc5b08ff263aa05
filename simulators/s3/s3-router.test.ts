import { describe, expect, it } from "vitest";
import { sigV4AccessKey } from "./s3-router";

describe("sigV4AccessKey", () => {
  it("reads the access key of a SigV4 Authorization header", () => {
    const header =
      "AWS4-HMAC-SHA256 Credential=storyrelay-sandbox/20261125/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" +
      "a".repeat(64);
    expect(sigV4AccessKey(header)).toBe("storyrelay-sandbox");
  });

  it("refuses anything else: missing, SigV2, unsigned, another service", () => {
    expect(sigV4AccessKey(undefined)).toBeNull();
    expect(sigV4AccessKey("AWS storyrelay-sandbox:c2lnbmF0dXJl")).toBeNull();
    expect(
      sigV4AccessKey(
        `AWS4-HMAC-SHA256 Credential=storyrelay-sandbox/20261125/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=${"a".repeat(64)}`,
      ),
    ).toBeNull();
  });
});
