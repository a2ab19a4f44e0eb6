/**
 * The backup platform's public contract.
 *
 * <p>Three kinds of bundle meet here:
 * <ul>
 * <li>Storage: a bundle registers one or more {@link org.homeautomation.backup.api.BackupAgent} services, each
 * storing whole backup archives somewhere (a local folder, an object store, a network share). The manager sees an
 * agent when its service appears and forgets it when it goes; there is no listener to register.</li>
 * <li>Hooks: a bundle registers a {@link org.homeautomation.backup.api.BackupParticipant} to quiesce or dump its
 * state around each backup.</li>
 * <li>Clients: consoles, web pages and schedulers use the {@link org.homeautomation.backup.api.BackupManager}
 * service to create, list, download and delete backups, and may listen to the events named in
 * {@link org.homeautomation.backup.api.BackupEvents}.</li>
 * </ul>
 *
 * <p>The package follows semantic versioning: an addition that implementers of {@code BackupAgent} or
 * {@code BackupParticipant} need not care about is a minor step; any other change is a major step.
 *
 * <p>1.1 added automatic backups: {@link org.homeautomation.backup.api.BackupManager#automaticBackupStatus()},
 * {@link org.homeautomation.backup.api.BackupManager#previewRetention()}, request extras, and the
 * {@code AUTOMATIC_*} events.
 *
 * <p>1.2 added protected backups and restore: {@link org.homeautomation.backup.api.BackupRequest#password()},
 * {@link org.homeautomation.backup.api.BackupManager#restore(String, org.homeautomation.backup.api.RestoreOptions)},
 * {@link org.homeautomation.backup.api.BackupManager#download(String, String, char[])}, the default methods
 * {@code preRestore} and {@code postRestore} of {@code BackupParticipant}, {@code ManagerState.RESTORING},
 * {@link org.homeautomation.backup.api.IncorrectPasswordException} and the {@code RESTORE} event.
 *
 * <p>1.3 added {@link org.homeautomation.backup.api.BackupManager#participants()} and
 * {@link org.homeautomation.backup.api.ParticipantInfo}, and {@link org.homeautomation.backup.api.RestoreResult#restartNeeded()}.
 */
@Export
@Version("1.3.0")
package org.homeautomation.backup.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
