package org.homeautomation.backup.karaf.itest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import com.github.luben.zstd.ZstdInputStream;

/**
 * The paths an unprotected backup archive holds, by content: the outer tar's {@code <content>.tar.zst} entries,
 * each a zstd-compressed tar of the content's files (docs/archive-format.md).
 *
 * <p>Loaded only when first used, after the backup features have brought commons-compress and zstd-jni into Karaf
 * (see {@link ManagerView}).
 */
final class ArchiveEntries {
    private static final String CONTENT_SUFFIX = ".tar.zst";

    private ArchiveEntries() {
    }

    /** @return each content's entry paths, relative to the content, without a leading "./" or a trailing "/" */
    static Map<String, List<String>> of(Path archive) throws IOException {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = outer.getNextEntry()) != null) {
                String name = entry.getName();
                if (!name.endsWith(CONTENT_SUFFIX)) {
                    continue;
                }
                List<String> paths = new ArrayList<>();
                InputStream unclosed = new FilterInputStream(outer) {
                    @Override
                    public void close() {
                        // the outer tar goes on
                    }
                };
                try (TarArchiveInputStream inner = new TarArchiveInputStream(new ZstdInputStream(unclosed))) {
                    TarArchiveEntry file;
                    while ((file = inner.getNextEntry()) != null) {
                        String path = file.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                        if (!path.isEmpty() && !path.equals(".")) {
                            paths.add(path);
                        }
                    }
                }
                contents.put(name.substring(0, name.length() - CONTENT_SUFFIX.length()), paths);
            }
        }
        return contents;
    }
}
