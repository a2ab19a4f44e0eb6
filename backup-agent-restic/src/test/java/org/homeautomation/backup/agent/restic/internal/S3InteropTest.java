package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3:} repositories both ways with Debian's stock restic, on a real S3 server (S3Proxy): what our agent stores
 * there restic lists, dumps byte for byte and checks, after uploads and after a delete with its prune; a repository
 * that {@code restic init} made there our agent uses beside restic's own snapshot.
 */
class S3InteropTest {
    private static final String PASSWORD = "s3 interop";
    private static final int SIZE = 12 * 1024 * 1024;
    private static final Pattern SNAPSHOT_ID = Pattern.compile("\"id\":\"([0-9a-f]{64})\"");
    private static S3TestStore store;

    @TempDir
    Path work;

    @BeforeAll
    static void startStore() throws Exception {
        store = S3TestStore.start();
    }

    @AfterAll
    static void stopStore() throws Exception {
        store.close();
    }

    private static void upload(ResticBackupAgent agent, String id, byte[] data) throws Exception {
        agent.upload(TestStreams.source(data), TestStreams.metadata(id, data), n -> { });
    }

    /** The one snapshot restic lists with a tag. */
    private static String snapshotTagged(ResticCommand restic, String tag) throws Exception {
        String listing = restic.run("snapshots", "--json", "--tag", tag);
        Matcher m = SNAPSHOT_ID.matcher(listing);
        assertTrue(m.find(), "restic lists no snapshot tagged " + tag + ": " + listing);
        String id = m.group(1);
        assertFalse(m.find(), "restic lists two snapshots tagged " + tag + ": " + listing);
        return id;
    }

    @Test
    void resticListsDumpsAndChecksOurBackupsInS3AfterUploadsAndADelete() throws Exception {
        String location = store.newLocation("home/restic");
        ResticBackupAgent agent = S3TestStore.agent("s3-interop", location, PASSWORD, true);
        byte[] day1 = TestStreams.randomBytes(21, SIZE);
        byte[] day2 = TestStreams.withInsertion(day1, SIZE / 2, 3000);
        upload(agent, "day1", day1);
        upload(agent, "day2", day2);
        ResticCommand restic = S3TestStore.restic(location, PASSWORD);

        String ours = restic.run("snapshots", "--json", "--tag", ResticBackupAgent.TAG);
        assertTrue(ours.contains("backup-id=day1") && ours.contains("backup-id=day2"), ours);
        String second = snapshotTagged(restic, "backup-id=day2");
        assertArrayEquals(day2, Files.readAllBytes(restic.dump(second, "/day2.tar", work.resolve("day2"))));
        restic.run("check", "--read-data");

        agent.delete("day1");

        restic.run("check", "--read-data");
        assertFalse(restic.run("snapshots", "--json").contains("backup-id=day1"));
        assertArrayEquals(day2, Files.readAllBytes(restic.dump(second, "/day2.tar", work.resolve("day2-again"))));
        try (InputStream in = agent.download("day2")) {
            assertArrayEquals(day2, in.readAllBytes());
        }
        agent.close();
    }

    @Test
    void aRepositoryThatResticInitMadeInS3IsUsedBesideResticsOwnSnapshot() throws Exception {
        String location = store.newLocation("made-by-restic");
        ResticCommand restic = S3TestStore.restic(location, PASSWORD);
        restic.run("init", "--repository-version", "2");
        byte[] theirs = TestStreams.randomBytes(22, 300_000);
        restic.runWithInput(TestStreams.write(work.resolve("theirs"), theirs), "backup", "--stdin",
                "--stdin-filename", "theirs.bin", "--tag", "theirs");
        ResticBackupAgent agent = S3TestStore.agent("s3-existing", location, PASSWORD, false);
        byte[] ours = TestStreams.randomBytes(23, SIZE / 2);

        upload(agent, "b1", ours);

        assertEquals(List.of("b1"), agent.list().stream().map(BackupMetadata::id).toList());
        try (InputStream in = agent.download("b1")) {
            assertArrayEquals(ours, in.readAllBytes());
        }
        restic.run("check", "--read-data");
        String their = snapshotTagged(restic, "theirs");
        assertArrayEquals(theirs, Files.readAllBytes(restic.dump(their, "/theirs.bin", work.resolve("theirs-out"))));
        agent.delete("b1");
        assertArrayEquals(theirs, Files.readAllBytes(restic.dump(their, "/theirs.bin", work.resolve("theirs-2"))));
        restic.run("check", "--read-data");
        agent.close();
    }

    @Test
    void refusedCredentialsAreNamedWithoutTheSecretKey() throws Exception {
        String location = store.newLocation("refused");
        String wrongSecret = "not-the-secret-Kx81";
        ResticBackupAgent agent = ResticAgentSettings.of(S3TestStore.PID, "s3-refused", "", location, PASSWORD, "",
                true, new S3Location.Keys(S3ProxyServer.ACCESS_KEY, wrongSecret, "", "", "", true), name -> null)
                .newAgent();

        BackupAgentException e = assertThrows(BackupAgentException.class, agent::list);

        assertTrue(e.getMessage().contains("'s3-refused'") && e.getMessage().contains("credentials"),
                e.getMessage());
        assertFalse(e.getMessage().contains(wrongSecret), e.getMessage());
        agent.close();
    }

    /**
     * The advice names what the restic agent's configuration has: the bucket and endpoint are in 'repository'. A
     * missing bucket is named as such even with initialize=true (it was "cannot reach", as if the store were down).
     */
    @Test
    void aMissingBucketOrAStoreThatIsDownIsAdvisedInTheTermsOfRepository() throws Exception {
        String missing = "s3:" + store.server().endpoint() + "/no-such-bucket/home";
        ResticBackupAgent inMissingBucket = S3TestStore.agent("s3-missing", missing, PASSWORD, true);
        BackupAgentException noBucket = assertThrows(BackupAgentException.class, inMissingBucket::list);
        inMissingBucket.close();
        assertTrue(noBucket.getMessage().contains("The bucket 'no-such-bucket' of the restic repository")
                && noBucket.getMessage().contains("does not exist") && noBucket.getMessage().contains("create it (the"
                        + " agent never creates buckets), or correct 'repository'"), noBucket.getMessage());
        String down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            down = "s3:http://127.0.0.1:" + socket.getLocalPort() + "/bucket/home";
        }
        ResticBackupAgent onStoreDown = S3TestStore.agent("s3-down", down, PASSWORD, true);
        BackupAgentException unreachable = assertThrows(BackupAgentException.class, onStoreDown::list);
        onStoreDown.close();
        assertTrue(unreachable.getMessage().contains("that the endpoint in 'repository' is right"),
                unreachable.getMessage());
        assertFalse(unreachable.getMessage().contains("'endpoint'"), unreachable.getMessage());
    }
}
