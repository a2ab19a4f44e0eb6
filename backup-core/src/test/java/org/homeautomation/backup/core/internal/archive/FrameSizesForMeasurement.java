package org.homeautomation.backup.core.internal.archive;

/** Lets the benchmark measure frame sizes other than the writer's default; not a test itself. */
public final class FrameSizesForMeasurement {
    private FrameSizesForMeasurement() {
    }

    /** @param kibs {@code <min>,<average>,<max>} in KiB */
    public static ArchiveWriter writer(int level, int workers, String kibs) {
        String[] parts = kibs.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Frame sizes must be <min>,<average>,<max> in KiB, not " + kibs);
        }
        return new ArchiveWriter(level, workers, UnreadableFilePolicy.FAIL, new FrameSizes(
                Integer.parseInt(parts[0].trim()) << 10, Integer.parseInt(parts[1].trim()) << 10,
                Integer.parseInt(parts[2].trim()) << 10));
    }
}
