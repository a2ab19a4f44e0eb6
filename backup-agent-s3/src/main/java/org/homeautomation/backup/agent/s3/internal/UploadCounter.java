package org.homeautomation.backup.agent.s3.internal;

import org.homeautomation.backup.api.UploadProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds up the bytes of the parts stored so far and reports the total. Parts finish on several threads in any order;
 * adding and reporting under one lock is what keeps the reported values from ever going down.
 */
final class UploadCounter {
    private static final Logger LOG = LoggerFactory.getLogger(UploadCounter.class);

    private final UploadProgress progress;
    private long total;

    UploadCounter(UploadProgress progress) {
        this.progress = progress;
    }

    synchronized void stored(long bytes) {
        total += bytes;
        try {
            progress.bytesUploaded(total);
        } catch (RuntimeException e) {
            // The caller's listener failing is no reason to fail the upload.
            LOG.debug("The upload progress listener failed", e);
        }
    }
}
