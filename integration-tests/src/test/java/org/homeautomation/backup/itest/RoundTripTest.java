package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A folder backed up to the default local agent, listed, downloaded and unpacked by hand with the system's tar and
 * zstd comes back as it was.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoundTripTest {
    @Rule
    public final Osgi osgi = new Osgi(RoundTripTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(RoundTripTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(RoundTripTest.class);
    }

    @Before
    public void needsTarAndZstd() {
        SystemTools.requireTarAndZstd();
    }

    @Test
    public void aFolderComesBackByteForByte() throws Exception {
        Path source = SampleTree.write(folder.newFolder("home").toPath());
        backups.configureSource("home", source, Map.of());

        BackupResult result = backups.run(BackupRequest.builder("Round trip – Küche").agents(Backups.LOCAL).build());

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        BackupMetadata metadata = result.metadata().orElseThrow();
        assertEquals("Round trip – Küche", metadata.name());
        assertEquals(List.of("home"), metadata.contents());

        BackupListing listing = backups.manager().list();
        Backup listed = listing.backups().stream().filter(b -> b.id().equals(result.backupId())).findFirst()
                .orElseThrow(() -> new AssertionError("not listed: " + listing.backups()));
        assertEquals(Set.of(Backups.LOCAL), listed.agentIds());
        assertEquals(metadata, listed.metadata());

        Path downloaded = folder.getRoot().toPath().resolve("downloaded.tar");
        try (InputStream in = backups.manager().download(result.backupId(), Backups.LOCAL)) {
            Files.copy(in, downloaded);
        }
        Path stored = backups.localArchive(result.backupId());
        assertEquals("the download must be the stored archive, byte for byte", -1L, Files.mismatch(stored, downloaded));
        assertEquals(metadata.size(), Files.size(downloaded));
        assertEquals(metadata.sha256(), SystemTools.sha256(downloaded));

        List<String> entries = SystemTools.listEntries(downloaded);
        assertEquals("tar -tf " + entries,
                List.of(ArchiveContents.METADATA_ENTRY, "home" + ArchiveContents.CONTENT_SUFFIX), entries);
        Path unpacked = folder.newFolder("unpacked").toPath();
        assertEquals(List.of("home"), SystemTools.unpack(downloaded, unpacked));
        assertEquals("the unpacked tree must be the source tree", SystemTools.tree(source),
                SystemTools.tree(unpacked.resolve("home")));
        String json = Files.readString(unpacked.resolve(ArchiveContents.METADATA_ENTRY));
        assertTrue("backup.json must name the backup: " + json, json.contains("\"" + result.backupId() + "\""));
    }

    @Test
    public void excludedPathsAreLeftOut() throws Exception {
        Path source = SampleTree.write(folder.newFolder("settings").toPath());
        backups.configureSource("settings", source,
                Map.of("excludes", new String[] { "settings/config/zones", "settings/**/*.bin" }));

        BackupResult result = backups.run(BackupRequest.builder("Without zones").agents(Backups.LOCAL).build());

        assertEquals(result.toString(), BackupResult.Status.SUCCEEDED, result.status());
        Path unpacked = folder.newFolder("unpacked").toPath();
        SystemTools.unpack(backups.localArchive(result.backupId()), unpacked);
        Map<String, String> tree = SystemTools.tree(unpacked.resolve("settings"));
        assertFalse("an excluded folder is skipped whole: " + tree.keySet(), tree.containsKey("config/zones"));
        assertFalse("an excluded file is skipped: " + tree.keySet(), tree.containsKey("config/state.bin"));
        Map<String, String> expected = SystemTools.tree(source);
        expected.keySet().removeIf(p -> p.startsWith("config/zones") || p.endsWith(".bin"));
        assertEquals(expected, tree);
    }
}
