package org.homeautomation.backup.core.internal.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The order a diff relies on. */
class EntryOrderTest {

    @Test
    void entryOrderIsTheArchiversDepthFirstNameOrder() {
        // ContentArchiver writes a folder, then what is in it, the entries of each folder sorted by name.
        List<String> written = List.of("", "a", "a/b", "a/b/c", "a/z", "a-c", "a.txt", "b");
        List<String> sorted = new ArrayList<>(List.of("b", "a.txt", "a/z", "a-c", "a/b/c", "", "a", "a/b"));
        sorted.sort(EntryOrder.INSTANCE);
        assertEquals(written, sorted);
    }
}
