package org.homeautomation.backup.console;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupJob;
import org.homeautomation.backup.api.BackupListing;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupRequest;
import org.homeautomation.backup.api.BackupResult;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.BackupStage;
import org.homeautomation.backup.api.ManagerState;
import org.homeautomation.backup.api.ParticipantInfo;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * A backup manager the tests set up by hand: it answers from its fields and records what it was asked. Published in
 * this module's test jar for the shells' tests (backup-gogo, backup-karaf-commands).
 */
public final class FakeBackupManager implements BackupManager {
    public final List<Backup> backups = new ArrayList<>();
    public final Map<String, String> agentErrors = new LinkedHashMap<>();
    public final List<AgentInfo> agents = new ArrayList<>();
    public final List<String> contents = new ArrayList<>();
    public final Map<String, byte[]> archives = new LinkedHashMap<>();
    public final List<BackupRequest> requests = new ArrayList<>();
    public final List<String> deleted = new ArrayList<>();
    public final List<org.homeautomation.backup.api.RestoreOptions> restores = new ArrayList<>();
    /** Whether the next restores say that the runtime must restart. */
    public boolean restartNeeded;
    public final List<String> passwords = new ArrayList<>();
    public String correctPassword = "open sesame";
    public ManagerState state = ManagerState.IDLE;
    public BackupException createFailure;
    public BackupException deleteFailure;
    public String nextBackupId = "20240102-030405-abcd";
    public CompletableFuture<BackupResult> completion = new CompletableFuture<>();
    public final List<ParticipantInfo> participants = new ArrayList<>();
    /** Handlers registered now, as Event Admin would know them; events go to those registered when posted. */
    public final List<EventHandler> eventHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Stages create() posts before it returns, as the real manager's backup thread may. */
    public final List<BackupStage> stagesPostedInCreate = new ArrayList<>();

    public static BackupMetadata metadata(String id, String name, Instant createdAt, long size, boolean protectedBackup) {
        return BackupMetadata.builder().id(id).name(name).createdAt(createdAt).size(size)
                .sha256("0".repeat(64)).protectedBackup(protectedBackup).build();
    }

    @Override
    public BackupJob create(BackupRequest request) throws BackupException {
        if (createFailure != null) {
            throw createFailure;
        }
        requests.add(request);
        String id = nextBackupId;
        stagesPostedInCreate.forEach(stage -> post(stage(id, stage)));
        return new BackupJob() {
            @Override
            public String backupId() {
                return id;
            }

            @Override
            public String name() {
                return request.name();
            }

            @Override
            public CompletionStage<BackupResult> completion() {
                return completion;
            }
        };
    }

    /** Delivers an event to the handlers registered now. */
    public void post(Event event) {
        eventHandlers.forEach(h -> h.handleEvent(event));
    }

    public static Event stage(String backupId, BackupStage stage) {
        return new Event(BackupEvents.TOPIC_STAGE, Map.of(BackupEvents.BACKUP_ID, backupId, BackupEvents.STAGE,
                stage.name()));
    }

    @Override
    public Optional<BackupJob> activeJob() {
        return Optional.empty();
    }

    @Override
    public BackupListing list() {
        return BackupListing.of(backups, agentErrors);
    }

    @Override
    public Backup get(String backupId) throws BackupNotFoundException {
        Identifiers.requireValidBackupId(backupId);
        return backups.stream().filter(b -> b.id().equals(backupId)).findFirst()
                .orElseThrow(() -> new BackupNotFoundException(backupId, "Backup " + backupId
                        + " is not held by any agent (local, s3)"));
    }

    @Override
    public InputStream download(String backupId, String agentId, char[] password) throws BackupException {
        passwords.add(new String(password));
        if (!correctPassword.equals(new String(password))) {
            throw new org.homeautomation.backup.api.IncorrectPasswordException("The password does not open backup "
                    + backupId + ".");
        }
        return download(backupId, agentId);
    }

    @Override
    public org.homeautomation.backup.api.RestoreResult restore(String backupId,
            org.homeautomation.backup.api.RestoreOptions options) throws BackupException {
        restores.add(options);
        options.password().ifPresent(p -> passwords.add(new String(p)));
        Backup backup = get(backupId);
        return org.homeautomation.backup.api.RestoreResult.builder().backupId(backupId)
                .agentId(options.agentId().orElse("local"))
                .contents(options.contents().isEmpty() ? backup.metadata().contents() : List.copyOf(options.contents()))
                .restartNeeded(restartNeeded).build();
    }

    @Override
    public InputStream download(String backupId, String agentId) throws BackupException {
        byte[] bytes = archives.get(backupId);
        if (bytes == null) {
            throw new BackupNotFoundException(backupId, "Backup " + backupId + " is not held by any agent");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(String backupId, Set<String> agentIds) throws BackupException {
        if (deleteFailure != null) {
            throw deleteFailure;
        }
        get(backupId);
        deleted.add(backupId + " " + agentIds);
    }

    @Override
    public List<AgentInfo> agents() {
        return agents;
    }

    @Override
    public List<ParticipantInfo> participants() {
        return participants;
    }

    @Override
    public List<String> contents() {
        return contents;
    }

    @Override
    public ManagerState state() {
        return state;
    }
}
