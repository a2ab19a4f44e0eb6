package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** The direct ustar path of {@link TarRecords} must give exactly what TarArchiveOutputStream gives. */
class TarRecordsTest {

    @Test
    void everyHeaderEqualsWhatTarArchiveOutputStreamWrites() {
        int ustarOnly = 0;
        for (TarArchiveEntry e : entries()) {
            byte[] direct = TarRecords.header(e);
            assertArrayEquals(TarRecords.headerViaStream(e), direct, e.getName());
            ustarOnly += direct.length == TarRecords.RECORD ? 1 : 0;
        }
        assertEquals(6, ustarOnly, "entries written without a PAX header");
    }

    private static List<TarArchiveEntry> entries() {
        List<TarArchiveEntry> all = new ArrayList<>();
        all.add(file("short.txt", 10, 0, 0, "2020-01-01T00:00:00Z"));
        all.add(file("n".repeat(99), TarConstants.MAXSIZE, TarConstants.MAXID, TarConstants.MAXID,
                "2020-01-01T00:00:00Z"));
        all.add(file("n".repeat(100), 1, 0, 0, "2020-01-01T00:00:00Z"));
        all.add(file("größe.txt", 1, 0, 0, "2020-01-01T00:00:00Z"));
        all.add(file("big.img", TarConstants.MAXSIZE + 1, 0, 0, "2020-01-01T00:00:00Z"));
        all.add(file("uid.txt", 1, TarConstants.MAXID + 1, 0, "2020-01-01T00:00:00Z"));
        all.add(file("gid.txt", 1, 0, TarConstants.MAXID + 1, "2020-01-01T00:00:00Z"));
        all.add(file("old.txt", 1, 0, 0, "1960-01-01T00:00:00Z"));
        all.add(file("nanos.txt", 1, 0, 0, "2020-01-01T00:00:00.5Z"));
        all.add(file("epoch.txt", 1, 0, 0, "1970-01-01T00:00:00Z"));
        TarArchiveEntry dir = new TarArchiveEntry("a/dir/", TarConstants.LF_DIR);
        dir.setLastModifiedTime(FileTime.from(Instant.parse("2021-05-06T07:08:09Z")));
        all.add(dir);
        all.add(link("link", "target/file"));
        all.add(link("link-long", "t".repeat(100)));
        all.add(link("link-ö", "target"));
        all.add(link("link-to-ö", "tärget"));
        TarArchiveEntry named = file("owned.txt", 5, 1000, 1000, "2022-02-02T02:02:02Z");
        named.setUserName("openhab");
        named.setGroupName("openhab");
        all.add(named);
        return all;
    }

    private static TarArchiveEntry file(String name, long size, long uid, long gid, String mtime) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setSize(size);
        e.setMode(0640);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setLastModifiedTime(FileTime.from(Instant.parse(mtime)));
        return e;
    }

    private static TarArchiveEntry link(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0777);
        e.setLastModifiedTime(FileTime.from(Instant.parse("2023-03-03T03:03:03Z")));
        return e;
    }
}
