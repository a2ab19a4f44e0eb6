package org.homeautomation.backup.karaf.commands.internal;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.homeautomation.backup.api.BackupBrowser;

/** What {@code backup:contents} and {@code backup:diff} share: the browser, and the options choosing what is read. */
abstract class BrowseCommand extends BackupCommand {
    /** The help of the globs argument. */
    static final String GLOBS = "Globs choosing entries, matched against content/path: * and ? within a name, ** across"
            + " folders; a folder chooses all in it. Quote them.";

    @Option(name = "--content", aliases = "-c", description = "The one content to read (default: every content).")
    @Completion(ContentNameCompleter.class)
    String content;

    @Option(name = "--agent", aliases = "-a", description = "The agent to read from (default: the first that holds"
            + " the backup).")
    @Completion(AgentIdCompleter.class)
    String agent;

    @Reference
    BackupBrowser browser;
}
