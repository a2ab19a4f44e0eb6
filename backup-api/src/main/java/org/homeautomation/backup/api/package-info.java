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
 * <li>Clients: consoles and web pages use the {@link org.homeautomation.backup.api.BackupManager} service to
 * create, list, download, delete and restore backups, the {@link org.homeautomation.backup.api.BackupVerifier}
 * service to read stored copies back and check them, the {@link org.homeautomation.backup.api.BackupBrowser} service
 * to list and compare what backups hold, the {@link org.homeautomation.backup.api.AutomaticBackups} service for the
 * state of scheduled backups and a preview of their retention, and may listen to the events named in
 * {@link org.homeautomation.backup.api.BackupEvents}.</li>
 * </ul>
 *
 * <p>The package follows semantic versioning: an addition that implementers of {@code BackupAgent} or
 * {@code BackupParticipant} need not care about is a minor step; any other change is a major step. The build
 * checks this against the last release with bnd's baseline.
 */
@Export
@Version("1.2.0")
package org.homeautomation.backup.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
