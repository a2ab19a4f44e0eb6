package org.homeautomation.backup.agent.s3.internal;

import java.nio.file.Path;

import org.homeautomation.backup.testsupport.S3ProxyServer;

/**
 * Runs the test S3 server on its own, for the benchmark (benchmark/s3/run.sh) and for tests that freeze or kill the
 * store ({@link S3ProxyChild}): a separate process, so that the server's memory and CPU do not count against the
 * agent's and signals reach the server alone. Arguments: the store folder, a file to write the port to once the
 * server answers and, optionally, the port (otherwise a free one). Runs until killed.
 */
public final class S3ProxyMain {
    private S3ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        S3ProxyServer server = args.length > 2 ? S3ProxyServer.start(Path.of(args[0]), Integer.parseInt(args[2]))
                : S3ProxyServer.start(Path.of(args[0]));
        // Written aside and moved, so that a reader never sees half a number.
        Path portFile = Path.of(args[1]);
        Path written = java.nio.file.Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
                Integer.toString(server.port()));
        java.nio.file.Files.move(written, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
