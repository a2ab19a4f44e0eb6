package org.homeautomation.backup.support.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.homeautomation.backup.support.secret.Secret;

/**
 * Where and how an agent reaches its bucket: the store, the credentials and the client's limits. What
 * {@link S3Clients} builds a client from and {@link S3Failures} names in messages. Its text never holds the secret key
 * nor the access key.
 *
 * @param clientName names the client's threads, such as the agent's id
 * @param bucket the bucket's name
 * @param prefix the key prefix without leading or trailing slash; empty for the bucket's root
 * @param region the region to sign requests for
 * @param endpoint the endpoint of a store other than AWS S3; empty for AWS S3
 * @param pathStyle whether the bucket is named in the path rather than the host name
 * @param accessKey the access key id
 * @param secretKey the secret key
 * @param concurrency how many requests of one operation run at once (the client gets a few connections more)
 * @param timeout how long the store may stay silent on a connection before a request fails
 * @param stallTimeout how long an upload may go without the store taking any of its bytes before it fails
 */
public record S3Connection(String clientName, String bucket, String prefix, String region, Optional<URI> endpoint,
        boolean pathStyle, String accessKey, Secret secretKey, int concurrency, Duration timeout,
        Duration stallTimeout) {

    public S3Connection {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /** @return where the objects are, for people: endpoint, bucket and prefix */
    public String location() {
        return endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")") + " bucket '" + bucket + "'"
                + (prefix.isEmpty() ? "" : " under '" + prefix + "/'");
    }

    /** @return the store, for people: "the store at <endpoint>" or "AWS S3 (<region>)" */
    public String storeName() {
        return endpoint.map(u -> "the store at " + u).orElse("AWS S3 (" + region + ")");
    }

    @Override
    public String toString() {
        // no credentials: the access key is left out, and Secret hides itself
        return "S3Connection[" + location() + ", secretKey=" + secretKey + ", concurrency=" + concurrency + "]";
    }
}
