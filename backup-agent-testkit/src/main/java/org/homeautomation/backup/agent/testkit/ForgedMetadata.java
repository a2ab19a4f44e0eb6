package org.homeautomation.backup.agent.testkit;

import java.lang.reflect.Field;

import org.homeautomation.backup.api.BackupMetadata;

/**
 * Metadata carrying an id that {@link BackupMetadata.Builder} would refuse. It stands in for a caller that got round
 * the builder (a bundle built against another API version, a bug), which the contract tells agents to guard against:
 * an id that escapes the agent's folder or key prefix would let a caller write outside it.
 */
final class ForgedMetadata {

    private ForgedMetadata() {
    }

    static BackupMetadata withId(BackupMetadata valid, String id) {
        BackupMetadata forged = valid.toBuilder().build();
        try {
            Field field = BackupMetadata.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(forged, id);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("The test kit cannot forge metadata with an invalid id for this version of"
                    + " BackupMetadata; the kit needs updating", e);
        }
        return forged;
    }
}
