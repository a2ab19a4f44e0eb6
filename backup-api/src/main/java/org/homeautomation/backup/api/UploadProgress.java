package org.homeautomation.backup.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the progress of one upload. Cheap to call: the manager rate-limits what it publishes.
 */
@ProviderType
@FunctionalInterface
public interface UploadProgress {

    /**
     * @param bytesUploaded the total number of bytes stored so far; never less than a value reported before
     */
    void bytesUploaded(long bytesUploaded);
}
