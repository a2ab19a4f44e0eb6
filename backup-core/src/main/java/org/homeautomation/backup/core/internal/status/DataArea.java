package org.homeautomation.backup.core.internal.status;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.framework.BundleContext;

/**
 * The core bundle's persistent data area, shared by its components.
 */
public final class DataArea {
    private DataArea() {
    }

    /**
     * @param context the bundle's context
     * @return its data area; a folder under the system's temporary folder when the framework has no file system
     *         support (then nothing survives a restart of the machine)
     */
    public static Path of(BundleContext context) {
        return Optional.ofNullable(context.getDataFile("")).map(File::toPath)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "backup-core"));
    }
}
