package org.homeautomation.backup.karaf.itest;

import java.io.InputStream;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupContext;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupOutcome;
import org.homeautomation.backup.api.BackupParticipant;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.ParticipantInfo;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.testsupport.Await;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Agents and participants that a test registers from its own bundle, as a third party's bundle would. Like
 * {@link ManagerView} it names the backup API, so it is loaded only once the features are installed.
 */
final class TestServices {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TestServices() {
    }

    /**
     * Registers an agent that cannot store anything, and waits until the manager knows it.
     *
     * @return what unregisters it
     */
    static AutoCloseable failingAgent(BundleContext context, String id, String reason) {
        ServiceRegistration<BackupAgent> registration = context.registerService(BackupAgent.class,
                new FailingAgent(id, reason), new Hashtable<>());
        new ManagerView(context).awaitAgent(id, true);
        return () -> {
            registration.unregister();
            new ManagerView(context).awaitAgent(id, false);
        };
    }

    /**
     * Registers a participant with the given id, and waits until the manager lists it.
     *
     * @return what unregisters it
     */
    static AutoCloseable participant(BundleContext context, String id) {
        ServiceRegistration<BackupParticipant> registration = context.registerService(BackupParticipant.class,
                new QuietParticipant(id), new Hashtable<>());
        awaitParticipant(context, id, true);
        return () -> {
            registration.unregister();
            awaitParticipant(context, id, false);
        };
    }

    private static void awaitParticipant(BundleContext context, String id, boolean present) {
        Await.until("participant " + id + (present ? " to appear" : " to go away"), TIMEOUT,
                () -> participants(context).stream().anyMatch(p -> p.id().equals(id)) == present,
                () -> participants(context).toString());
    }

    private static List<ParticipantInfo> participants(BundleContext context) {
        var reference = context.getServiceReference(BackupManager.class);
        BackupManager manager = reference == null ? null : context.getService(reference);
        if (manager == null) {
            return List.of();
        }
        try {
            return manager.participants();
        } finally {
            context.ungetService(reference);
        }
    }

    /** An agent whose storage is gone: it lists nothing and refuses every upload. */
    private record FailingAgent(String id, String reason) implements BackupAgent {
        @Override
        public String name() {
            return "Failing test agent";
        }

        @Override
        public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
                throws BackupAgentException {
            throw new BackupAgentException(reason);
        }

        @Override
        public InputStream download(String backupId) throws BackupAgentException {
            throw new BackupNotFoundException(backupId, "Agent " + id + " holds no backups");
        }

        @Override
        public void delete(String backupId) throws BackupAgentException {
            throw new BackupNotFoundException(backupId, "Agent " + id + " holds no backups");
        }

        @Override
        public List<BackupMetadata> list() {
            return List.of();
        }

        @Override
        public BackupMetadata get(String backupId) throws BackupAgentException {
            throw new BackupNotFoundException(backupId, "Agent " + id + " holds no backups");
        }
    }

    /** A participant with nothing to quiesce. */
    private record QuietParticipant(String id) implements BackupParticipant {
        @Override
        public void preBackup(BackupContext context) {
        }

        @Override
        public void postBackup(BackupContext context, BackupOutcome outcome) {
        }
    }
}
