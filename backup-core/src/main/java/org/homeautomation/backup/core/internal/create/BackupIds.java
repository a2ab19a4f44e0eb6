package org.homeautomation.backup.core.internal.create;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes backup ids: the creation time in UTC and eight random hex digits, {@code 20261128-014500-3fa2b1c9}. They sort
 * by time, are unique across installations that share a bucket, and are safe as file and object names.
 */
public final class BackupIds {
    /** Ids this manager makes; staging folders named so are its own. */
    public static final Pattern GENERATED = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{8}");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupIds() {
    }

    /** @param createdAt the backup's creation time @return a new id */
    public static String newId(Instant createdAt) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return TIME.format(createdAt) + "-" + HexFormat.of().formatHex(random);
    }
}
