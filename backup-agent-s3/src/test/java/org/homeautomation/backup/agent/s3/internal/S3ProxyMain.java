package org.homeautomation.backup.agent.s3.internal;

import java.nio.file.Path;

/**
 * Runs the test S3 server on its own, for the benchmark (benchmark/s3/run.sh): a separate process, so that the
 * server's memory and CPU do not count against the agent's. Arguments: the store folder and a file to write the port
 * to once the server answers. Runs until killed.
 */
public final class S3ProxyMain {
    private S3ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        S3ProxyServer server = S3ProxyServer.start(Path.of(args[0]));
        java.nio.file.Files.writeString(Path.of(args[1]), Integer.toString(server.port()));
        Thread.currentThread().join();
    }
}
