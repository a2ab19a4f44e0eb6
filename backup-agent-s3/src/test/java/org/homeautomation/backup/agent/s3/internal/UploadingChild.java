package org.homeautomation.backup.agent.s3.internal;

import java.net.URI;
import java.time.Duration;

import org.homeautomation.backup.agent.testkit.ArchiveSource;
import org.homeautomation.backup.agent.testkit.Pause;
import org.homeautomation.backup.agent.testkit.ProgressRecorder;
import org.homeautomation.backup.agent.testkit.TestArchive;

/**
 * A runtime that is killed during an upload: a child JVM that starts a multipart upload of an archive through an
 * {@link S3BackupAgent}, stops reading the archive after {@code pauseAt} bytes (so that some parts are in the store
 * and the upload is incomplete), prints {@value #PAUSED} and waits to be killed with SIGKILL. Arguments: endpoint,
 * bucket, prefix, backup id, archive size, pause offset.
 */
public final class UploadingChild {
    static final String PAUSED = "paused-mid-upload";

    private UploadingChild() {
    }

    public static void main(String[] args) throws Exception {
        TestSettings config = TestSettings.forServer(URI.create(args[0]), args[1]);
        config.prefix = args[2];
        config.partSizeMiB = 5;
        config.concurrency = 2;
        TestArchive archive = TestArchive.of(Long.parseLong(args[4]), 3);
        Pause pause = Pause.at(Long.parseLong(args[5]));
        S3BackupAgent agent = new S3BackupAgent(config.settings());
        Thread upload = new Thread(() -> {
            try {
                agent.upload(ArchiveSource.pausing(archive, pause), archive.metadata(args[3]).build(),
                        new ProgressRecorder());
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "upload");
        upload.start();
        pause.awaitReached(Duration.ofSeconds(60));
        System.out.println(PAUSED);
        System.out.flush();
        upload.join();
    }
}
