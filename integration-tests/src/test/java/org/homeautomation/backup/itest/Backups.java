package org.homeautomation.backup.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.testsupport.Await;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The backup manager as a client uses it, plus what tests need around it: its configuration and the local agent's
 * folder.
 */
public final class Backups {
    /** The manager's configuration pid. */
    public static final String MANAGER_PID = "org.homeautomation.backup";
    /** The factory pid of the local folder agents. */
    public static final String LOCAL_AGENT_FACTORY_PID = "org.homeautomation.backup.agent.local";
    /** The factory pid of the S3 bucket agents. */
    public static final String S3_AGENT_FACTORY_PID = "org.homeautomation.backup.agent.s3";
    /** The id of the default local agent. */
    public static final String LOCAL = "local";
    /** How long a backup of a few files may take, generously. */
    public static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(60);

    private final Osgi osgi;

    /**
     * @param osgi the test's framework access
     */
    public Backups(Osgi osgi) {
        this.osgi = osgi;
    }

    /** @return the manager service, waiting for it if needed */
    public BackupManager manager() {
        return osgi.service(BackupManager.class);
    }

    /** @return the ids of the registered agents, as the manager lists them */
    public List<String> agentIds() {
        return manager().agents().stream().map(AgentInfo::id).collect(Collectors.toList());
    }

    /**
     * Configures the manager and waits until it uses the configuration (its contents list the sources).
     *
     * @param properties the configuration; {@code sources} a String[] of {@code name=/path}
     * @throws IOException when Config Admin fails
     */
    public void configureManager(Map<String, ?> properties) throws IOException {
        osgi.configure(MANAGER_PID, properties);
        // DS shows a configuration in the manager's service properties once the manager has taken it. Waiting for the
        // source names alone would pass at once when the previous test used the same names for other folders.
        Await.until("the manager to take its configuration " + properties.keySet(),
                () -> properties.entrySet().stream().allMatch(p -> Objects.deepEquals(p.getValue(),
                        managerProperty(p.getKey()))));
        Object sources = properties.get("sources");
        if (sources instanceof String[] entries) {
            List<String> names = Arrays.stream(entries).map(e -> e.substring(0, e.indexOf('='))).toList();
            Await.until("the manager to offer the configured sources " + names,
                    () -> manager().contents().containsAll(names));
        }
    }

    private Object managerProperty(String key) {
        ServiceReference<BackupManager> reference = osgi.context().getServiceReference(BackupManager.class);
        return reference == null ? null : reference.getProperty(key);
    }

    /**
     * Configures the manager with one source folder and otherwise default settings.
     *
     * @param content the source's content name
     * @param folder the folder
     * @param extra further properties (participantTimeoutSeconds, excludes, ...)
     * @throws IOException when Config Admin fails
     */
    public void configureSource(String content, Path folder, Map<String, ?> extra) throws IOException {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("sources", new String[] { content + "=" + folder });
        configureManager(properties);
    }

    /**
     * Starts a backup.
     *
     * @param request the request
     * @return the job
     * @throws BackupException when the manager refuses it
     */
    public BackupJob start(BackupRequest request) throws BackupException {
        return manager().create(request);
    }

    /**
     * Makes a backup and waits for its result.
     *
     * @param request the request
     * @return the result
     * @throws BackupException when the manager refuses it
     */
    public BackupResult run(BackupRequest request) throws BackupException {
        BackupJob job = start(request);
        BackupResult result = Await.completion("backup " + job.backupId(), job.completion(), BACKUP_TIMEOUT);
        // The job completes as the manager finishes it; the next backup may start once the manager says so.
        Await.until("the manager to be idle after backup " + job.backupId(),
                () -> manager().state() == ManagerState.IDLE);
        return result;
    }

    /**
     * @return the folder of the default local agent: the local agent bundle's data area, as {@link DefaultLocalAgent}
     *         configures it
     */
    public Path localAgentFolder() {
        Bundle bundle = osgi.bundle(BundleSet.LOCAL_AGENT_BSN);
        return bundle.getBundleContext().getDataFile("backups").toPath();
    }

    /**
     * @param backupId a backup id
     * @return the archive the default local agent stores for it
     */
    public Path localArchive(String backupId) {
        Path archive = localAgentFolder().resolve(backupId + ".tar");
        Await.until("the local agent's archive " + archive, () -> Files.isRegularFile(archive));
        return archive;
    }
}
