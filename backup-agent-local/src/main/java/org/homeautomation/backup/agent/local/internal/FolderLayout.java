package org.homeautomation.backup.agent.local.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeautomation.backup.api.Identifiers;

/**
 * The names of the files a {@link LocalBackupAgent} keeps in its folder.
 *
 * <ul>
 * <li>{@code <id>.tar}: the archive, byte for byte as uploaded.</li>
 * <li>{@code <id>.json}: the metadata sidecar ({@code BackupMetadata.toJson()}), so that listing never opens an
 * archive. A backup exists when both files exist and the sidecar parses.</li>
 * <li>{@code .<id>.tar.<random>.partial} and {@code .<id>.json.<random>.partial}: files being written. They start
 * with a dot, which no valid id does, so they can never be mistaken for a backup.</li>
 * </ul>
 * A crash can leave temporary files, and an archive without its sidecar (between the two renames); {@link
 * CrashLeftovers} removes both. No other name is ever touched.
 */
final class FolderLayout {
    static final String ARCHIVE_SUFFIX = ".tar";
    static final String SIDECAR_SUFFIX = ".json";

    private static final String TEMP_SUFFIX = ".partial";
    /** Exactly what {@link #newTempFile} makes, and nothing else: cleanup must never touch a file that is not ours. */
    private static final Pattern TEMP_NAME = Pattern.compile(
            "\\.([a-z0-9][a-z0-9._-]{0,63})\\.(tar|json)\\.[0-9a-f]{16}\\.partial");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    FolderLayout(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** @param backupId a valid backup id */
    Path archive(String backupId) {
        return directory.resolve(backupId + ARCHIVE_SUFFIX);
    }

    /** @param backupId a valid backup id */
    Path sidecar(String backupId) {
        return directory.resolve(backupId + SIDECAR_SUFFIX);
    }

    /**
     * @param target {@link #archive} or {@link #sidecar} of a backup
     * @return a path in the same folder (so that a rename onto the target is atomic) that does not exist yet, with a
     *         name that {@link #isTempFile} recognises
     */
    Path newTempFile(Path target) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return directory.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
    }

    static boolean isTempFile(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    /** @return the id of the backup a temporary file belongs to, when the name is one {@link #newTempFile} makes */
    static Optional<String> tempFileBackupId(String fileName) {
        Matcher matcher = TEMP_NAME.matcher(fileName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** @return the backup id when the file name is that of a sidecar */
    static Optional<String> sidecarId(String fileName) {
        return idWithSuffix(fileName, SIDECAR_SUFFIX);
    }

    /** @return the backup id when the file name is that of an archive */
    static Optional<String> archiveId(String fileName) {
        return idWithSuffix(fileName, ARCHIVE_SUFFIX);
    }

    private static Optional<String> idWithSuffix(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return Optional.empty();
        }
        String id = fileName.substring(0, fileName.length() - suffix.length());
        return Identifiers.isValidBackupId(id) ? Optional.of(id) : Optional.empty();
    }
}
