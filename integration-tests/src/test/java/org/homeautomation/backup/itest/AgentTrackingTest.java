package org.homeautomation.backup.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.homeautomation.backup.api.AgentInfo;
import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.testsupport.Await;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Agents come and go with their services: the manager follows without any listener being called by the agent's
 * bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentTrackingTest {
    /** What the service registry and DS (1.5: the satisfying condition's target) add to every component's service. */
    private static final Set<String> REGISTRY_PROPERTIES = Set.of("objectClass", "service.id", "service.bundleid",
            "service.scope", "component.name", "component.id", "osgi.ds.satisfying.condition.target");

    @Rule
    public final Osgi osgi = new Osgi(AgentTrackingTest.class);
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder(BundleSet.filesDirectory(AgentTrackingTest.class));

    private final Backups backups = new Backups(osgi);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(AgentTrackingTest.class);
    }

    @Test
    public void theLocalAgentLeavesWithItsBundleAndReturnsWithIt() throws Exception {
        Bundle localAgentBundle = osgi.bundle(BundleSet.LOCAL_AGENT_BSN);
        Await.value("the default local agent", backups::agentIds, ids -> ids.contains(Backups.LOCAL));
        try {
            localAgentBundle.stop();
            Await.value("the local agent to be gone after its bundle stopped", backups::agentIds,
                    ids -> !ids.contains(Backups.LOCAL));
        } finally {
            localAgentBundle.start();
        }
        Await.value("the local agent to return when its bundle started", backups::agentIds,
                ids -> ids.contains(Backups.LOCAL));
        AgentInfo local = agent(Backups.LOCAL);
        assertEquals(BundleSet.LOCAL_AGENT_BSN, local.bundleSymbolicName());
    }

    @Test
    public void aFactoryConfigurationAddsAnAgentAndDeletingItRemovesIt() throws Exception {
        Path nasFolder = folder.newFolder("nas").toPath();
        org.osgi.service.cm.Configuration configuration = osgi.addFactoryConfiguration(
                Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "nas-basement", "name", "NAS in the basement", "directory", nasFolder.toString()));

        Await.value("agent nas-basement to appear", backups::agentIds, ids -> ids.contains("nas-basement"));
        AgentInfo nas = agent("nas-basement");
        assertEquals("NAS in the basement", nas.name());
        assertEquals(BundleSet.LOCAL_AGENT_BSN, nas.bundleSymbolicName());
        // The default agent is not replaced by the configured one.
        assertTrue(backups.agentIds().contains(Backups.LOCAL));

        configuration.delete();
        Await.value("agent nas-basement to disappear after its configuration was deleted", backups::agentIds,
                ids -> !ids.contains("nas-basement"));
        assertTrue(backups.agentIds().contains(Backups.LOCAL));
    }

    @Test
    public void twoFactoryConfigurationsGiveTwoAgents() throws Exception {
        osgi.addFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "usb-1", "directory", folder.newFolder("usb-1").toString()));
        osgi.addFactoryConfiguration(Backups.LOCAL_AGENT_FACTORY_PID,
                Map.of("id", "usb-2", "directory", folder.newFolder("usb-2").toString()));
        Await.value("agents usb-1 and usb-2", backups::agentIds, ids -> ids.containsAll(List.of("usb-1", "usb-2")));
    }

    @Test
    public void dsProvidesTheAgentServiceWithItsIdAndFolderAndNoOtherSetting() throws Exception {
        Path usb = folder.newFolder("usb").toPath();
        org.osgi.service.cm.Configuration configuration = osgi.addFactoryConfiguration(
                Backups.LOCAL_AGENT_FACTORY_PID, Map.of("id", "usb-ds", "name", "USB drive",
                        "directory", usb.toString(), "createFolder", true));

        ServiceReference<BackupAgent> service = Await.value("the BackupAgent service of agent usb-ds",
                () -> agentService("usb-ds"), r -> r != null);
        assertEquals(usb.toString(), service.getProperty("agent.directory"));
        assertEquals("made by DS", "org.homeautomation.backup.agent.local.internal.LocalAgentService",
                service.getProperty("component.name"));
        assertEquals(BundleSet.LOCAL_AGENT_BSN, service.getBundle().getSymbolicName());
        Set<String> published = new TreeSet<>(Arrays.asList(service.getPropertyKeys()));
        published.removeAll(REGISTRY_PROPERTIES);
        assertEquals("only the agent's id, folder and description are published, not its configuration",
                Set.of("agent.id", "agent.directory", "service.description"), published);

        Path moved = folder.newFolder("moved").toPath();
        configuration.update(new Hashtable<>(Map.of("id", "usb-ds", "directory", moved.toString())));
        ServiceReference<BackupAgent> recreated = Await.value("agent usb-ds in its new folder",
                () -> agentService("usb-ds"),
                r -> r != null && moved.toString().equals(r.getProperty("agent.directory")));
        // The registry shows a new service before its REGISTERED event has reached the manager's bind method.
        Await.value("the manager to track agent usb-ds in its new folder", () -> agentIfTracked("usb-ds"),
                a -> a != null && ("Local folder " + moved).equals(a.name()));
        assertTrue("a changed configuration re-creates the agent's service",
                (Long) recreated.getProperty("service.id") > (Long) service.getProperty("service.id"));

        configuration.update(new Hashtable<>(Map.of("id", "usb-ds", "directory", moved.toString(),
                "enabled", false)));
        Await.until("the service of agent usb-ds to be withdrawn when switched off",
                () -> agentService("usb-ds") == null);
        assertTrue("a switched-off agent's folder is left as it is", Files.isDirectory(moved));

        configuration.update(new Hashtable<>(Map.of("id", "usb-ds", "directory", moved.toString())));
        Await.value("agent usb-ds switched on again", () -> agentService("usb-ds"), r -> r != null);
        configuration.delete();
        Await.until("the service of agent usb-ds to be unregistered with its configuration",
                () -> agentService("usb-ds") == null);
        assertTrue("the default agent stays", backups.agentIds().contains(Backups.LOCAL));
    }

    /** @return the agent service with that id, or null when there is none */
    private ServiceReference<BackupAgent> agentService(String id) {
        try {
            return osgi.context().getServiceReferences(BackupAgent.class, "(agent.id=" + id + ")").stream()
                    .findFirst().orElse(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not an agent id for a filter: " + id, e);
        }
    }

    /** @return the manager's view of the agent with that id, or null while the manager does not track it */
    private AgentInfo agentIfTracked(String id) {
        return backups.manager().agents().stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
    }

    private AgentInfo agent(String id) {
        return backups.manager().agents().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("No agent " + id + " in " + backups.agentIds()));
    }
}
