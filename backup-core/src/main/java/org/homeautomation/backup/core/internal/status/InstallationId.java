package org.homeautomation.backup.core.internal.status;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This installation's id: a random UUID made once and kept in the core bundle's data area. Automatic backups carry it,
 * so that installations sharing a bucket delete only their own backups.
 */
public final class InstallationId {
    /** The file's name in the data area. */
    public static final String FILE_NAME = "installation-id";

    private static final Logger LOG = LoggerFactory.getLogger(InstallationId.class);

    private InstallationId() {
    }

    /**
     * Reads the id, making it on first use. Both components of the core bundle call this; they share this class, so
     * a lock on it keeps them from making two.
     *
     * @param dataArea the bundle's data area
     * @return the id
     * @throws IOException when it can neither be read nor made
     */
    public static String load(Path dataArea) throws IOException {
        synchronized (InstallationId.class) {
            Path file = dataArea.resolve(FILE_NAME);
            try {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                UUID.fromString(id);
                return id;
            } catch (NoSuchFileException e) {
                // made below
            } catch (IllegalArgumentException e) {
                // Automatic backups made under the old id are then kept forever, never wrongly deleted.
                LOG.warn("The installation id in {} is damaged; making a new one. Automatic backups made before are"
                        + " no longer deleted by retention; delete them by hand when no longer needed.", file);
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataArea);
            Path temp = Files.createTempFile(dataArea, "." + FILE_NAME, ".tmp");
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
                out.getFD().sync();
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("This installation's id for automatic backups is {}", id);
            return id;
        }
    }
}
