package org.homeautomation.backup.agent.s3.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process on Linux, all threads together (the JIT compiler's, the garbage collector's and threads
 * that have ended too), for the benchmark: on a machine whose CPUs the S3 server shares, what the agent spends is
 * what the server does not get. NaN where /proc is missing.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    static double seconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
