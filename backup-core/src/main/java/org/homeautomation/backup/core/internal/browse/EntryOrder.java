package org.homeautomation.backup.core.internal.browse;

import java.util.Comparator;

/**
 * The order in which a content's entries are written (see ContentArchiver): depth first, a folder before what is in
 * it, the entries of one folder sorted by name. As a comparison of paths: segment by segment, a path before the paths
 * below it. Not plain string order: {@code a/b} comes before {@code a-c} because {@code a} does.
 */
final class EntryOrder implements Comparator<String> {
    static final EntryOrder INSTANCE = new EntryOrder();

    private EntryOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int endA = segmentEnd(a, i);
            int endB = segmentEnd(b, j);
            int c = a.substring(i, endA).compareTo(b.substring(j, endB));
            if (c != 0) {
                return c;
            }
            i = endA + 1;
            j = endB + 1;
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int segmentEnd(String path, int from) {
        int slash = path.indexOf('/', from);
        return slash < 0 ? path.length() : slash;
    }
}
