package org.homeautomation.backup.core.internal.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.BackupSource;
import org.homeautomation.backup.api.UploadProgress;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
    private final List<String> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final AgentRegistry registry = new AgentRegistry(a -> added.add(a.id() + "@" + a.serviceId()),
            a -> removed.add(a.id() + "@" + a.serviceId()));

    @Test
    void agentsComeAndGoWithTheirServices() {
        registry.add(new NamedAgent("b"), 1, 0, "bundle.b");
        registry.add(new NamedAgent("a"), 2, 0, "bundle.a");
        assertEquals(List.of("a", "b"), registry.all().stream().map(TrackedAgent::id).toList());
        registry.remove(1);
        assertEquals(List.of("a"), registry.all().stream().map(TrackedAgent::id).toList());
        assertEquals(List.of("b@1", "a@2"), added);
        assertEquals(List.of("b@1"), removed);
    }

    @Test
    void aDuplicateIdWaitsUntilTheFirstGoes() {
        registry.add(new NamedAgent("nas"), 10, 0, "first");
        registry.add(new NamedAgent("nas"), 11, 0, "second");
        assertEquals("first", registry.get("nas").orElseThrow().bundleSymbolicName());
        assertEquals(List.of("nas@10"), added);

        registry.remove(10);
        assertEquals("second", registry.get("nas").orElseThrow().bundleSymbolicName());
        assertEquals(List.of("nas@10", "nas@11"), added);
        assertEquals(List.of("nas@10"), removed);
    }

    @Test
    void aHigherRankedDuplicateTakesOver() {
        registry.add(new NamedAgent("nas"), 10, 0, "first");
        registry.add(new NamedAgent("nas"), 11, 5, "ranked");
        assertEquals("ranked", registry.get("nas").orElseThrow().bundleSymbolicName());
        assertEquals(List.of("nas@10"), removed);
        registry.remove(10);
        assertEquals(List.of("nas@10"), removed, "removing the unused duplicate is not announced");
        assertEquals(1, registry.all().size());
    }

    @Test
    void agentsWithInvalidOrFailingIdsAreIgnored() {
        assertTrue(registry.add(new NamedAgent("../escape"), 1, 0, "bad").isEmpty());
        assertTrue(registry.add(new NamedAgent(null), 2, 0, "bad").isEmpty());
        assertTrue(registry.add(new NamedAgent("boom") {
            @Override
            public String id() {
                throw new IllegalStateException("not configured");
            }
        }, 3, 0, "bad").isEmpty());
        assertTrue(registry.all().isEmpty());
        assertTrue(added.isEmpty());
    }

    private static class NamedAgent implements BackupAgent {
        private final String id;

        NamedAgent(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return "Agent " + id;
        }

        @Override
        public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream download(String backupId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String backupId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<BackupMetadata> list() {
            return List.of();
        }

        @Override
        public BackupMetadata get(String backupId) {
            throw new UnsupportedOperationException();
        }
    }
}
