package org.homeautomation.backup.core.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The backup manager's configuration, pid {@code org.homeautomation.backup}, for Metatype. The manager does not take
 * it typed from DS (a value DS cannot convert would fail its activation): {@link ManagerSettings} reads the raw
 * properties key by key. Empty values take the defaults described there.
 */
@ObjectClassDefinition(id = BackupConfiguration.PID, name = "Backup manager",
        description = "What is backed up, where the archive is staged, and how.")
public @interface BackupConfiguration {
    /** The configuration pid. */
    String PID = "org.homeautomation.backup";

    @AttributeDefinition(name = "Sources", required = false,
            description = "Folders to back up, each as name=/absolute/path; the name is the content name in the"
                    + " archive (a-z, 0-9, '.', '-', '_'). Empty: in Karaf, etc and data; elsewhere, none. In a .cfg"
                    + " file: sources = [ \"etc=${karaf.etc}\", \"data=${karaf.data}\", \"extra=/srv/x\" ].")
    String[] sources() default {};

    @AttributeDefinition(name = "Excludes", required = false,
            description = "Glob patterns matched against content-name/relative/path, added to the defaults; a"
                    + " matching folder is skipped whole. The defaults, in Karaf: the data folder's cache, logs,"
                    + " temporary files and backup folders, under whichever source holds it. '!' before a default"
                    + " (!data/log) removes it.")
    String[] excludes() default {};

    @AttributeDefinition(name = "Staging directory", required = false,
            description = "Where archives are written before upload. Empty: ${karaf.data}/backup/staging in Karaf,"
                    + " else the bundle's data area. Put it on the same file system as the local agent's folder"
                    + " so that the local agent can take the archive over without a copy.")
    String stagingDirectory() default "";

    @AttributeDefinition(name = "Compression level", min = "1", max = "19",
            description = "zstd compression level of the archive's contents.")
    int compressionLevel() default 3;

    @AttributeDefinition(name = "Compression threads", min = "0",
            description = "zstd worker threads; 0 for the number of processors.")
    int compressionWorkers() default 0;

    @AttributeDefinition(name = "Participant timeout (seconds)", min = "1",
            description = "How long a participant's pre- or post-backup step may take before the backup fails.")
    long participantTimeoutSeconds() default 300;

    @AttributeDefinition(name = "Unreadable files",
            description = "What to do with a source file that cannot be read: fail the backup, or skip the file"
                    + " and record a warning.",
            options = { @Option(label = "Fail the backup", value = "fail"),
                    @Option(label = "Skip with a warning", value = "skip") })
    String unreadableFiles() default "fail";

    @AttributeDefinition(name = "Unprotected agents", required = false,
            description = "Agents that store backups unprotected even when a backup is made with a password, for"
                    + " example a local folder on an encrypted disk. Every other agent stores a protected backup"
                    + " encrypted with its password.")
    String[] unprotectedAgents() default {};
}
