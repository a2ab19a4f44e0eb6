package org.homeautomation.backup.support.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one checksum of every request body (each part, each small object) that the store verifies before it keeps the
 * body, chosen by the endpoint's scheme so that no byte is hashed twice.
 *
 * <ul>
 * <li>Plain http: Signature V4 signs the SHA-256 of the body (header {@code x-amz-content-sha256}; the SDK always
 * does this without TLS), and the store refuses a body that does not match it ({@code XAmzContentSHA256Mismatch}),
 * as it must to trust the signature. That is the per-part checksum; a Content-MD5 next to it would cost a second hash
 * of every byte (MD5: about 2 CPU-seconds per GiB, SHA-256 with the CPU's SHA instructions: under 1) and check
 * nothing more.</li>
 * <li>https (and AWS, which is https): the SDK sends bodies unsigned, leaving transit to TLS, so each body carries a
 * {@code Content-MD5}, which every S3-compatible store verifies ({@code BadDigest}). MD5 rather than a signed SHA-256:
 * on CPUs without SHA instructions (many small home servers) it is the cheaper of the two.</li>
 * </ul>
 */
public enum BodyIntegrity {
    /** The signature covers the body's SHA-256, which the store checks. */
    SIGNED_SHA256,
    /** The body is unsigned and carries a Content-MD5, which the store checks. */
    CONTENT_MD5;

    /**
     * @param endpoint the store's endpoint; empty for AWS S3
     * @return how bodies sent there are checked
     */
    public static BodyIntegrity forEndpoint(Optional<URI> endpoint) {
        return endpoint.map(URI::getScheme).filter("http"::equalsIgnoreCase).isPresent() ? SIGNED_SHA256
                : CONTENT_MD5;
    }

    /** @return whether the signer must hash bodies into the signature */
    public boolean signsPayload() {
        return this == SIGNED_SHA256;
    }

    /**
     * @return the Content-MD5 header value for the body, or null (no header) when the signature covers the body
     */
    public String contentMd5(byte[] bytes, int offset, int length) {
        return this == CONTENT_MD5 ? Md5.contentMd5(bytes, offset, length) : null;
    }

    /**
     * @return the Content-MD5 header value for a body sent from a file, or null (no header) when the signature covers
     *         the body
     */
    public String contentMd5(Path file) throws IOException {
        return this == CONTENT_MD5 ? Md5.contentMd5(file) : null;
    }
}
