package org.homeautomation.backup.itest;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;

import org.homeautomation.backup.testsupport.Await;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The runtime's default local agent {@value Backups#LOCAL}, configured as the Felix runtime's {@code load} folder and
 * the Karaf feature ship it: the factory configuration {@value #NAME} of the local agents' pid. Its folder is the
 * local agent bundle's data area, which the framework's storage, wiped at each run, holds.
 */
final class DefaultLocalAgent {
    /** The name of the default agent's factory configuration. */
    static final String NAME = "default";

    private DefaultLocalAgent() {
    }

    /**
     * Configures the default agent unless it is configured, and waits until the manager lists it. Not withdrawn after
     * a test: every test of a class finds it, as a runtime does.
     *
     * @param osgi the test's framework access
     * @throws IOException when Config Admin fails
     */
    static void configure(Osgi osgi) throws IOException {
        Backups backups = new Backups(osgi);
        Configuration configuration = osgi.service(ConfigurationAdmin.class)
                .getFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID, NAME, "?");
        if (configuration.getProperties() == null) {
            configuration.update(new Hashtable<>(Map.of("id", Backups.LOCAL, "name", "Local backups",
                    "directory", backups.localAgentFolder().toString(), "createFolder", true)));
        }
        Await.until("the manager to list the default local agent '" + Backups.LOCAL + "'",
                () -> backups.agentIds().contains(Backups.LOCAL));
    }
}
