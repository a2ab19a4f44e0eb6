package org.homeautomation.backup.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.BackupManager;
import org.homeautomation.backup.api.ManagerState;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The deployment itself: every bundle resolves and runs in a plain Felix with the services our bundles expect, and
 * their components come up without configuration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FrameworkBundlesTest {
    @Rule
    public final Osgi osgi = new Osgi(FrameworkBundlesTest.class);

    @Configuration
    public Option[] configuration() {
        return BundleSet.configuration(FrameworkBundlesTest.class);
    }

    @Test
    public void everyBundleIsActiveAndEveryFragmentResolved() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : osgi.context().getBundles()) {
            boolean fragment = BundleSet.isFragment(bundle);
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " is " + state(bundle)
                        + (fragment ? " (a fragment)" : "") + whyNotResolved(bundle));
            }
        }
        assertTrue("Bundles not running:\n  " + String.join("\n  ", problems), problems.isEmpty());
        for (String bsn : List.of(BundleSet.API_BSN, BundleSet.CORE_BSN, BundleSet.LOCAL_AGENT_BSN,
                BundleSet.S3_AGENT_BSN)) {
            assertEquals(bsn + " must be installed and active", Bundle.ACTIVE, osgi.bundle(bsn).getState());
        }
    }

    @Test
    public void everyComponentOfOurBundlesIsActive() {
        ServiceComponentRuntime scr = osgi.service(ServiceComponentRuntime.class);
        List<String> problems = new ArrayList<>();
        int active = 0;
        for (String bsn : List.of(BundleSet.CORE_BSN, BundleSet.LOCAL_AGENT_BSN)) {
            Bundle bundle = osgi.bundle(bsn);
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (!scr.isComponentEnabled(description)) {
                    problems.add(description.name + " is disabled");
                    continue;
                }
                // A factory component (the local agents' services) is made by the component that holds its
                // configuration, when that one activates; it cannot be immediate itself.
                if (!description.immediate && description.factory == null) {
                    // Checked apart from the state: another test may have got the service and so activated it.
                    problems.add(description.name + " is a delayed component: it starts only when a bundle gets its"
                            + " service, and until then tracks no agents and publishes no events; make it immediate");
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.ACTIVE) {
                        active++;
                    } else {
                        problems.add(description.name + " is " + componentState(configuration));
                    }
                }
            }
        }
        assertTrue("Components not active:\n  " + String.join("\n  ", problems), problems.isEmpty());
        // At least the manager, the default local agent's configuration component and its agent service.
        assertTrue("Expected the manager's and the default local agent's components, found " + active, active >= 3);
    }

    @Test
    public void theManagerServiceIsThereAndIdle() {
        BackupManager manager = osgi.service(BackupManager.class);
        assertEquals(ManagerState.IDLE, manager.state());
        assertTrue("the manager must not be busy: " + manager.activeJob(), manager.activeJob().isEmpty());
        assertTrue("the default local agent must be registered: " + manager.agents(),
                manager.agents().stream().anyMatch(a -> a.id().equals("local")));
    }

    /**
     * commons-compress imports zstd-jni and commons-io optionally: when they are missing or resolved after it, it
     * still resolves, and fails only when an archive is written. So check the wires.
     */
    @Test
    public void commonsCompressIsWiredToItsOptionalLibraries() {
        Bundle compress = osgi.bundle("org.apache.commons.commons-compress");
        Map<String, String> providers = new TreeMap<>();
        BundleWiring wiring = compress.adapt(BundleWiring.class);
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            providers.put((String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    wire.getProvider().getSymbolicName());
        }
        assertEquals("commons-compress must import zstd from zstd-jni; its wires: " + providers,
                "com.github.luben.zstd-jni", providers.get("com.github.luben.zstd"));
        assertEquals("commons-compress must import commons-io; its wires: " + providers,
                "org.apache.commons.commons-io", providers.get("org.apache.commons.io"));
        assertEquals("commons-compress must import commons-lang3; its wires: " + providers,
                "org.apache.commons.lang3", providers.get("org.apache.commons.lang3"));
    }

    @Test
    public void zstdNativeCodeLoadsInsideTheFramework() {
        byte[] text = "the native library of zstd-jni is loaded through Bundle-NativeCode ".repeat(50)
                .getBytes(StandardCharsets.UTF_8);
        byte[] compressed = com.github.luben.zstd.Zstd.compress(text, 3);
        assertTrue("repetitive text must compress", compressed.length < text.length / 4);
        assertArrayEquals(text, com.github.luben.zstd.Zstd.decompress(compressed, text.length));
    }

    @Test
    public void configurationsAreDescribedByMetatype() {
        MetaTypeService metatype = osgi.service(MetaTypeService.class);
        MetaTypeInformation core = metatype.getMetaTypeInformation(osgi.bundle(BundleSet.CORE_BSN));
        assertNotNull("backup-core must carry metatype", core);
        assertTrue("the manager's configuration must be described: " + Arrays.toString(core.getPids()),
                Set.of(core.getPids()).contains("org.homeautomation.backup"));
        MetaTypeInformation local = metatype.getMetaTypeInformation(osgi.bundle(BundleSet.LOCAL_AGENT_BSN));
        assertNotNull("backup-agent-local must carry metatype", local);
        assertTrue("the folder agents' factory configuration must be described: "
                + Arrays.toString(local.getFactoryPids()),
                Set.of(local.getFactoryPids()).contains("org.homeautomation.backup.agent.local"));
        assertFalse("the default agent is a factory configuration since 1.1; its old pid, still read only to warn"
                + " that it is not, must not be offered for editing: " + Arrays.toString(local.getPids()),
                Set.of(local.getPids()).contains("org.homeautomation.backup.agent.local.default"));
    }

    private static String state(Bundle bundle) {
        switch (bundle.getState()) {
            case Bundle.INSTALLED:
                return "INSTALLED (not resolved)";
            case Bundle.RESOLVED:
                return "RESOLVED (not started)";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "in state " + bundle.getState();
        }
    }

    /** Asks the framework: starting an unresolved bundle fails with the requirement that is missing. */
    private static String whyNotResolved(Bundle bundle) {
        if (bundle.getState() != Bundle.INSTALLED) {
            return "";
        }
        if (BundleSet.isFragment(bundle)) {
            return ": its host " + bundle.getHeaders("").get("Fragment-Host") + " is missing or resolved without it";
        }
        try {
            bundle.start();
            return ": it started when asked again, so it was not resolved in time";
        } catch (BundleException e) {
            return ": " + e.getMessage();
        }
    }

    private static String componentState(ComponentConfigurationDTO configuration) {
        switch (configuration.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "waiting for its configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                return "missing references " + Arrays.stream(configuration.unsatisfiedReferences)
                        .map(FrameworkBundlesTest::describe).collect(Collectors.joining(", "));
            case ComponentConfigurationDTO.SATISFIED:
                return "satisfied but not activated";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "failed to activate: " + configuration.failure;
            default:
                return "in state " + configuration.state;
        }
    }

    private static String describe(UnsatisfiedReferenceDTO reference) {
        return reference.name + (reference.target == null ? "" : " (target " + reference.target + ")");
    }
}
