package org.homeautomation.backup.agent.s3.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.homeautomation.backup.api.BackupMetadata;

/**
 * The last listing of the bucket, reused for a short time: the manager lists every agent often (for each screen, each
 * event), and a listing of a bucket costs a request per thousand keys. The agent's own uploads and deletions
 * invalidate it at once; a listing that started before such a change is not stored, so it can never hide the change.
 */
final class ListingCache {
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private long generation;
    private List<BackupMetadata> listing;
    private long listedAt;

    ListingCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** @return the cached listing when there is one younger than the time to live */
    synchronized Optional<List<BackupMetadata>> fresh() {
        if (listing == null || nanoTime.getAsLong() - listedAt >= ttlNanos) {
            return Optional.empty();
        }
        return Optional.of(listing);
    }

    /** @return a token to pass to {@link #store} with the listing made after this call */
    synchronized long startListing() {
        return generation;
    }

    /** Keeps a listing, unless the bucket was changed by this agent since {@link #startListing()} was called. */
    synchronized void store(long token, List<BackupMetadata> newListing) {
        if (token == generation && ttlNanos > 0) {
            listing = List.copyOf(newListing);
            listedAt = nanoTime.getAsLong();
        }
    }

    /** Forgets the listing: the agent changed the bucket. */
    synchronized void invalidate() {
        generation++;
        listing = null;
    }
}
