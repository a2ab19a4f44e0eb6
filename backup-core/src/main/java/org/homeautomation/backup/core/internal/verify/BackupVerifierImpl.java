package org.homeautomation.backup.core.internal.verify;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.Backup;
import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupNotFoundException;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.api.Identifiers;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.UnknownAgentException;
import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationResult;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.events.EventPublisher;
import org.homeautomation.backup.core.internal.events.UploadProgressThrottle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BackupVerifier} service: reads copies back through the manager's public API ({@link BackupManager#get}
 * for the copies' metadata, {@link BackupManager#download(String, String)} for the stream, checked against size and
 * digest at its end) and has {@link CopyReadBack} read each through.
 *
 * <p>It does not enter the manager's operation gate: it reads only the agents' copies, never the live folders, and
 * agents serve several reads at once, so a verification runs beside a backup or a restore instead of waiting for it
 * or blocking it. A copy deleted while it is read shows as a copy that could not be read.
 */
@Component(service = BackupVerifier.class, immediate = true)
public final class BackupVerifierImpl implements BackupVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(BackupVerifierImpl.class);
    private static final long PROGRESS_INTERVAL_MILLIS = 1000;

    private final BackupManager manager;
    private final EventPublisher events = new EventPublisher();

    /** @param manager the backup manager, whose agents hold the copies */
    @Activate
    public BackupVerifierImpl(@Reference BackupManager manager) {
        this.manager = manager;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin eventAdmin) {
        events.setEventAdmin(eventAdmin);
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        events.unsetEventAdmin(eventAdmin);
    }

    @Override
    public VerificationResult verify(String backupId, String agentId, char[] password) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        Objects.requireNonNull(agentId, "agentId");
        if (manager.agents().stream().map(AgentInfo::id).noneMatch(agentId::equals)) {
            throw new UnknownAgentException(agentId, "There is no agent '" + agentId + "'; backup:agents lists them.");
        }
        Backup backup = manager.get(backupId);
        BackupMetadata copy = backup.copies().get(agentId);
        if (copy == null) {
            throw new BackupNotFoundException(backupId, "Agent '" + agentId + "' does not hold backup " + backupId
                    + (backup.agentIds().isEmpty() ? "; no agent does." : "; it is on "
                            + String.join(", ", backup.agentIds()) + "."));
        }
        return verifyCopy(agentId, copy, password);
    }

    @Override
    public List<VerificationResult> verifyAll(String backupId, char[] password) throws BackupException {
        Identifiers.requireValidBackupId(backupId);
        Backup backup = manager.get(backupId);
        if (backup.copies().isEmpty()) {
            throw new BackupNotFoundException(backupId, "No agent holds backup " + backupId + " now; its upload"
                    + " failed everywhere (see backup:info " + backupId + ").");
        }
        List<VerificationResult> results = new ArrayList<>();
        for (Map.Entry<String, BackupMetadata> copy : backup.copies().entrySet()) {
            results.add(verifyCopy(copy.getKey(), copy.getValue(), password));
        }
        return results;
    }

    private VerificationResult verifyCopy(String agentId, BackupMetadata copy, char[] password)
            throws BackupException {
        String backupId = copy.id();
        char[] usable = password == null || password.length == 0 ? null : password;
        events.verifyStage(backupId, agentId, BackupEvents.VERIFY_STARTED, -1, copy.size());
        VerificationResult result;
        InputStream download;
        try {
            download = manager.download(backupId, agentId);
        } catch (BackupNotFoundException e) {
            throw e;
        } catch (BackupException e) {
            result = VerificationResult.builder().backupId(backupId).agentId(agentId)
                    .problem(VerificationProblem.of(VerificationProblem.Kind.AGENT_UNAVAILABLE, "Cannot read backup "
                            + backupId + " from agent '" + agentId + "': " + e.getMessage()
                            + " Check that the agent's storage can be reached and verify again."))
                    .build();
            return ended(result);
        }
        UploadProgressThrottle progress = new UploadProgressThrottle(copy.size(), PROGRESS_INTERVAL_MILLIS,
                System::nanoTime, (read, total) -> events.verifyStage(backupId, agentId,
                        BackupEvents.VERIFY_READING, read, total));
        try {
            result = new CopyReadBack(copy, agentId, usable, AgeDecryptingInputStream.DEFAULT_MAX_LOG_N)
                    .read(download, progress);
        } catch (WrongPassphraseException e) {
            throw new IncorrectPasswordException("The password does not open backup " + backupId + " on agent '"
                    + agentId + "'. Verify it with the password it was made with, or without a password to check"
                    + " its size and digest only.");
        }
        return ended(result);
    }

    private VerificationResult ended(VerificationResult result) {
        if (result.ok()) {
            LOG.info("Backup {} on agent '{}' verified: {}", result.backupId(), result.agentId(), result.summary());
        } else {
            LOG.warn("Backup {} on agent '{}' verified: {}", result.backupId(), result.agentId(), result.summary());
        }
        events.verifyEnded(result);
        return result;
    }
}
