package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.inject.Inject;

import org.homeautomation.backup.testsupport.Await;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A restore of {@code etc} on a running Karaf leaves Felix File Install watching {@code etc}: a {@code .cfg} file
 * dropped into it or edited after the restore reaches Configuration Admin without a restart. File Install watches
 * the folder itself (its inode), so the restore must keep that folder and swap what is in it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestoreKeepsEtcWatchedInKarafTest extends KarafWithBackupFeature {
    /* File Install polls every second; generous for a loaded machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Test
    public void aCfgFileAddedOrEditedInEtcAfterARestoreOfEtcReachesConfigurationAdmin() throws Exception {
        ManagerView manager = new ManagerView(context);
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Object etcInode = inode(etc);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path edited = Files.writeString(etc.resolve("org.example.edited.cfg"), "a = 1\n");
        awaitProperty("org.example.edited", "a", "1");
        String name = "watched-" + tag;
        console.run("backup:create " + name);
        String id = manager.idOfBackupNamed(name);

        String restored = console.run("backup:restore --yes --content etc " + id);

        assertTrue(restored, restored.contains("Backup " + id + " restored: etc."));
        Files.writeString(etc.resolve("org.example.after.restore.cfg"), "a = b\n");
        awaitProperty("org.example.after.restore", "a", "b");
        Files.writeString(edited, "a = 2\n");
        awaitProperty("org.example.edited", "a", "2");
        assertTrue("etc is still the folder it was", etcInode.equals(inode(etc)));
    }

    private void awaitProperty(String pid, String key, String value) {
        Await.until("configuration " + pid + " with " + key + " = " + value + " in Configuration Admin", TIMEOUT,
                () -> value.equals(property(pid, key)), () -> key + " = " + property(pid, key));
    }

    private Object property(String pid, String key) {
        try {
            org.osgi.service.cm.Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid
                    + ")");
            return found == null || found.length != 1 || found[0].getProperties() == null ? null
                    : found[0].getProperties().get(key);
        } catch (Exception e) {
            throw new AssertionError("cannot list configurations", e);
        }
    }

    private static Object inode(Path folder) throws IOException {
        return Files.getAttribute(folder, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }
}
