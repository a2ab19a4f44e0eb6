package org.homeautomation.backup.core.internal.restore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeautomation.backup.api.BackupException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.IncorrectPasswordException;
import org.homeautomation.backup.api.RestoreOptions;
import org.homeautomation.backup.core.internal.agents.TrackedAgent;
import org.homeautomation.backup.core.internal.archive.PathExcluder;
import org.homeautomation.backup.core.internal.config.BackupConfiguration;
import org.homeautomation.backup.core.internal.config.ManagerSettings;
import org.homeautomation.backup.core.internal.config.Password;
import org.homeautomation.backup.core.internal.participants.ParticipantRegistry;
import org.homeautomation.backup.core.internal.participants.TrackedParticipant;
import org.homeautomation.backup.core.internal.paths.PathSelection;

/**
 * Checks a restore request against the backup's metadata and the configuration, and chooses where each content goes
 * (its source folder, else the participant of its id), before anything is downloaded or written.
 */
public final class RestorePlanner {
    private final ParticipantRegistry participants;

    /** @param participants the participants registered now */
    public RestorePlanner(ParticipantRegistry participants) {
        this.participants = participants;
    }

    /**
     * @param agent the agent whose copy is restored
     * @param metadata the metadata of that copy
     * @param options the request
     * @param s the settings the restore runs with
     * @return the plan, holding a copy of the request's password, which the caller wipes
     * @throws BackupException when the backup's format is newer than this manager reads, when it has no content asked
     *         for, or when a content has no configured folder and no registered participant
     * @throws IncorrectPasswordException when the backup is protected and no password is given
     */
    public BackupRestore.Plan plan(TrackedAgent agent, BackupMetadata metadata, RestoreOptions options,
            ManagerSettings s) throws BackupException {
        String backupId = metadata.id();
        if (metadata.formatVersion() > BackupMetadata.CURRENT_FORMAT_VERSION) {
            throw new BackupException("Backup " + backupId + " was made with archive format version "
                    + metadata.formatVersion() + "; this backup manager reads versions up to "
                    + BackupMetadata.CURRENT_FORMAT_VERSION + ". Update the backup bundles to restore it.");
        }
        boolean passwordGiven = options.password().filter(p -> p.length > 0).isPresent();
        if (metadata.isProtected() && !passwordGiven) {
            throw new IncorrectPasswordException("Backup " + backupId + " on agent '" + agent.id()
                    + "' is protected; give its password to restore it.");
        }
        List<String> contents = options.contents().isEmpty() ? metadata.contents()
                : metadata.contents().stream().filter(options.contents()::contains).toList();
        for (String c : options.contents()) {
            if (!metadata.contents().contains(c)) {
                throw new BackupException("Backup " + backupId + " has no content '" + c + "'. Its contents: "
                        + String.join(", ", metadata.contents()) + ".");
            }
        }
        PathSelection selection = PathSelection.of(options.paths());
        if (!selection.everything()) {
            contents = contents.stream().filter(selection::mayChooseIn).toList();
            if (contents.isEmpty()) {
                throw new BackupException("No content of backup " + backupId + " matches " + String.join(", ",
                        selection.globs()) + "; its contents are " + String.join(", ", metadata.contents())
                        + ", and a path starts with its content's name. Nothing was restored.");
            }
        }
        Map<String, TrackedParticipant> available = participants.roster(s.sources().keySet()).available();
        Map<String, Path> folders = new LinkedHashMap<>();
        Map<String, TrackedParticipant> contentParticipants = new LinkedHashMap<>();
        for (String c : contents) {
            if (s.sources().containsKey(c)) {
                folders.put(c, s.sources().get(c));
            } else if (!selection.everything()) {
                throw new BackupException("Content '" + c + "' of backup " + backupId + " is a participant's, not a"
                        + " source folder: chosen paths are restored only into source folders. Restore it whole, or"
                        + " unpack the paths into another folder with a target (--target).");
            } else if (available.containsKey(c)) {
                contentParticipants.put(c, available.get(c));
            } else {
                throw new BackupException("Content '" + c + "' of backup " + backupId + " has nowhere to go: no"
                        + " source folder of that name is configured (key 'sources' of " + BackupConfiguration.PID
                        + ") and no participant of that id is registered. Restore the other contents with"
                        + " --content, or configure it.");
            }
        }
        // Copied last, so that no refusal above leaves a copy of the password unwiped.
        Optional<Password> password = Password.of(options.password().orElse(null));
        // A restore of chosen paths keeps every other live path as it is, as it keeps excluded ones: the transaction
        // carries kept paths from the old tree into the restored one, journalled like the rest.
        PathExcluder kept = PathExcluder.of(s.excludes(), s.alwaysExcluded());
        if (!selection.everything()) {
            kept = kept.excluding(selection::keepsWhole);
        }
        return new BackupRestore.Plan(metadata, agent, contents, folders, kept, participants.inRunOrder(),
                contentParticipants, s.stagingDirectory(), password);
    }
}
