package org.homeautomation.backup.karaf.commands.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeautomation.backup.api.BackupVerifier;
import org.homeautomation.backup.console.BackupVerification;
import org.homeautomation.backup.console.Console;
import org.homeautomation.backup.console.VerifyProgressListener;
import org.osgi.framework.BundleContext;

/**
 * {@code backup:verify [<id>] [--agent id]...}: reads copies of a backup back from their agents and checks them, the
 * newest backup when no id is given; fails the command when a copy is damaged; see {@link BackupVerification}.
 */
@Service
@Command(scope = "backup", name = "verify", description = "Verifies a backup without restoring it: reads each copy"
        + " back from its agent, checks its size and SHA-256, decrypts it (asks for the password of a protected"
        + " backup) and reads every file of every content. Fails when a copy is damaged.")
public class VerifyCommand extends BackupCommand {

    @Argument(index = 0, name = "id", description = "The backup's id (default: the newest backup).")
    @Completion(BackupIdCompleter.class)
    String backupId;

    @Option(name = "--agent", aliases = "-a", multiValued = true,
            description = "An agent whose copy to verify (default: every agent that holds it); repeat for more.")
    @Completion(AgentIdCompleter.class)
    List<String> agents;

    @Reference
    BackupVerifier verifier;

    @Reference
    BundleContext bundleContext;

    @Override
    void run(Console console) {
        new BackupVerification(manager, verifier, console, (id, lines) -> bundleContext == null ? () -> { }
                : VerifyProgressListener.register(bundleContext, id, lines))
                .verify(backupId, agents == null ? List.of() : agents);
    }
}
