package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Browsing a backup of a real Karaf from its console: {@code backup:contents} with a glob, {@code backup:diff}, and
 * {@code backup:restore --target} of the whole backup and of one chosen file, while {@code etc} stays as it is, and
 * {@code backup:restore --path} of one file of {@code etc}, the rest of it kept.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrowseInKarafTest extends KarafWithBackupFeature {
    @Test
    public void contentsDiffAndTargetRestoreFromTheConsole() throws Exception {
        ManagerView manager = new ManagerView(context);
        Path etc = Path.of(System.getProperty("karaf.etc"));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path cfg = etc.resolve("org.example.browse" + tag + ".cfg");
        EtcFiles.write(cfg.getFileName().toString(), "colour = blue\n");
        console.run("backup:create browse-first-" + tag);
        String first = manager.idOfBackupNamed("browse-first-" + tag);

        String listed = console.run("backup:contents " + first + " 'etc/org.example.browse*.cfg'");

        assertTrue(listed, listed.contains("etc/" + cfg.getFileName()));
        assertTrue(listed, listed.contains("-rw"));
        assertTrue(listed, listed.contains("1 entry, 14 B in files."));
        assertFalse(listed, listed.contains("org.apache.karaf.features.cfg"));
        String names = console.run("backup:contents");
        assertTrue(names, names.contains("etc"));

        EtcFiles.write(cfg.getFileName().toString(), "colour = red!\n"); // the same size
        console.run("backup:create browse-second-" + tag);
        String second = manager.idOfBackupNamed("browse-second-" + tag);
        String diff = console.run("backup:diff --content etc " + first + " " + second);
        assertTrue(diff, diff.contains("~ etc/" + cfg.getFileName() + " ("));
        assertTrue(diff, diff.contains("content"));

        Path target = Files.createTempDirectory("browse-target");
        String one = console.run("backup:restore --target " + target.resolve("one") + " --path etc/"
                + cfg.getFileName() + " " + first);
        assertTrue(one, one.contains("Backup " + first + " restored into " + target.resolve("one")));
        assertEquals(List.of("etc"), names(target.resolve("one")));
        assertEquals(List.of(cfg.getFileName().toString()), names(target.resolve("one/etc")));
        assertEquals("colour = blue\n", Files.readString(target.resolve("one/etc").resolve(cfg.getFileName())));
        assertEquals("the live file is as it was", "colour = red!\n", Files.readString(cfg));

        console.run("backup:restore --target " + target.resolve("whole") + " --content etc " + first);
        assertTrue(Files.exists(target.resolve("whole/etc/org.apache.karaf.features.cfg")));
        assertEquals("colour = blue\n", Files.readString(target.resolve("whole/etc").resolve(cfg.getFileName())));
        assertEquals("colour = red!\n", Files.readString(cfg));

        Path other = etc.resolve("org.example.other" + tag + ".cfg");
        EtcFiles.write(other.getFileName().toString(), "made after the backups\n");
        String live = console.run("backup:restore --yes --path etc/" + cfg.getFileName() + " " + first);
        assertTrue(live, live.contains("Backup " + first + " restored: etc."));
        assertEquals("colour = blue\n", Files.readString(cfg));
        assertEquals("the rest of etc is as it was", "made after the backups\n", Files.readString(other));

        KarafConsole.Result refused = console.execute(KarafConsole.ADMIN, "backup:restore --target "
                + etc.resolve("old") + " " + first);
        assertTrue(refused.output(), refused.failure() != null
                && refused.failure().getMessage().contains("it is the live folder " + etc));
        assertFalse(Files.exists(etc.resolve("old")));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
