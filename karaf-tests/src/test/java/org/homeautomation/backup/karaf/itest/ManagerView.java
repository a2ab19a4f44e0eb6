package org.homeautomation.backup.karaf.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.testsupport.Await;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The backup manager as the tests see it, through its service.
 *
 * <p>The only class of the tests that names the backup API: Pax Exam loads the test class into Karaf before any
 * test has installed the features, so the test class itself may use only types Karaf has from the start. This one
 * is loaded when first used, after the features are in.
 */
final class ManagerView {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BundleContext context;

    ManagerView(BundleContext context) {
        this.context = context;
    }

    /** @return the service id of the BackupManager service, waiting for it to be registered */
    Object serviceId() {
        return awaitReference().getProperty("service.id");
    }

    void awaitAgent(String id, boolean present) {
        BackupManager manager = manager();
        Await.until("agent " + id + (present ? " to appear" : " to go away"), TIMEOUT,
                () -> manager.agents().stream().map(AgentInfo::id).anyMatch(id::equals) == present,
                () -> manager.agents().toString());
    }

    String idOfBackupNamed(String name) {
        return backupNamed(name).id();
    }

    long sizeOf(String backupId) {
        return backup(backupId).metadata().size();
    }

    boolean holds(String backupId) {
        return manager().list().backups().stream().anyMatch(b -> b.id().equals(backupId));
    }

    /** @return whether the file has the bytes the agent holds for the backup */
    boolean sameBytes(String backupId, String agentId, Path file) throws IOException {
        try (InputStream stored = manager().download(backupId, agentId);
                InputStream copy = Files.newInputStream(file)) {
            return Arrays.equals(stored.readAllBytes(), copy.readAllBytes());
        } catch (BackupException e) {
            throw new AssertionError("cannot read backup " + backupId + " from agent " + agentId, e);
        }
    }

    private Backup backupNamed(String name) {
        return manager().list().backups().stream()
                .filter(b -> name.equals(b.metadata().name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no backup named " + name + " in " + manager().list()));
    }

    private Backup backup(String backupId) {
        return manager().list().backups().stream()
                .filter(b -> b.id().equals(backupId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no backup " + backupId + " in " + manager().list()));
    }

    private BackupManager manager() {
        BackupManager manager = context.getService(awaitReference());
        if (manager == null) {
            throw new AssertionError("the BackupManager service went away");
        }
        return manager;
    }

    private ServiceReference<BackupManager> awaitReference() {
        Await.until("the BackupManager service", TIMEOUT,
                () -> context.getServiceReference(BackupManager.class) != null, () -> "no service");
        return context.getServiceReference(BackupManager.class);
    }
}
