package org.homeautomation.backup.core.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Automatic backups and their retention, pid {@code org.homeautomation.backup.automatic}: the Metatype description
 * (the Web Console's form). The scheduler does not take this type from DS, whose conversion of a wrong value would
 * fail its activation; {@link AutomaticSettings#from(java.util.Map)} reads the raw properties with the same keys and
 * defaults.
 */
@ObjectClassDefinition(id = AutomaticBackupConfiguration.PID, name = "Automatic backups",
        description = "When backups are made on their own, where to, and which of them retention deletes.")
public @interface AutomaticBackupConfiguration {
    /** The configuration pid. */
    String PID = "org.homeautomation.backup.automatic";

    @AttributeDefinition(name = "Schedule", description = "Never, every day, or on the days chosen below.",
            options = { @Option(label = "Never", value = "never"), @Option(label = "Every day", value = "daily"),
                    @Option(label = "On chosen days", value = "days") })
    String schedule() default "never";

    @AttributeDefinition(name = "Days", required = false,
            description = "For the schedule 'days': MON, TUE, WED, THU, FRI, SAT, SUN.")
    String[] days() default {};

    @AttributeDefinition(name = "Time of day",
            description = "Local time of the runtime's time zone, HH:mm (or HH:mm:ss). A time that the change to"
                    + " summer time skips runs at the shifted time; one that exists twice in autumn runs once.")
    String time() default "04:45";

    @AttributeDefinition(name = "Random delay (minutes)", min = "0", max = "360",
            description = "Each run starts at a random time up to this many minutes after the time of day, so that"
                    + " installations sharing a storage do not all upload at the same minute. 0 for none.")
    int randomDelayMinutes() default 60;

    @AttributeDefinition(name = "Agents", required = false,
            description = "Ids of the agents to upload to; empty for every registered agent.")
    String[] agents() default {};

    @AttributeDefinition(name = "Contents", required = false,
            description = "Contents to include (source names, participant ids); empty for all.")
    String[] contents() default {};

    @AttributeDefinition(name = "Protect",
            description = "Encrypt automatic backups with the password below (agents listed in the backup manager's"
                    + " unprotectedAgents store them unprotected). Keep the password somewhere safe: without it the"
                    + " backups cannot be restored.")
    boolean protect() default false;

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "The password protecting automatic backups when 'Protect' is on.")
    String password() default "";

    @AttributeDefinition(name = "Keep last", min = "0",
            description = "Keep this many newest automatic backups on each agent. 0: rule off.")
    int keepLast() default 3;

    @AttributeDefinition(name = "Keep daily", min = "0",
            description = "For this many most recent days with backups, keep the newest of each day. 0: off.")
    int keepDaily() default 0;

    @AttributeDefinition(name = "Keep weekly", min = "0",
            description = "For this many most recent ISO weeks with backups, keep the newest of each. 0: off.")
    int keepWeekly() default 0;

    @AttributeDefinition(name = "Keep monthly", min = "0",
            description = "For this many most recent months with backups, keep the newest of each. 0: off.")
    int keepMonthly() default 0;

    @AttributeDefinition(name = "Maximum age (days)", min = "0",
            description = "Delete automatic backups older than this, whatever the keep rules say. 0: off.")
    int maxAgeDays() default 0;

    @AttributeDefinition(name = "Per-agent rules", required = false,
            description = "Rules for single agents, each agentId:key=value[,key=value], keys as above, for example"
                    + " 'nas:keepLast=10,maxAgeDays=90'. Keys not named keep the global value.")
    String[] agentOverrides() default {};

    @AttributeDefinition(name = "Verify after backup",
            description = "After each automatic backup, read every stored copy back and check it (size, SHA-256,"
                    + " decryption with the password, every file of every content), before retention deletes older"
                    + " backups. A damaged copy fails the automatic backup for that agent and spares its older backups"
                    + " from retention. Reads each copy once more from its agent (transfer costs on an object store).")
    boolean verifyAfterBackup() default false;

    @AttributeDefinition(name = "Verify the newest copies on", required = false,
            description = "Days of the week (MON, TUE, WED, THU, FRI, SAT, SUN) on which the newest backup on each"
                    + " agent, whoever made it, is read back and checked at the time of day above, to find copies"
                    + " damaged at rest before a restore needs them. On a day without an automatic backup only this"
                    + " runs. A damaged copy fails loudly, as a failed backup does. Empty: never.")
    String[] verifyDays() default {};

    @AttributeDefinition(name = "Catch-up delay (seconds)", min = "0",
            description = "A run missed while the runtime was down is made once, this long after start-up.")
    long catchUpDelaySeconds() default 300;
}
