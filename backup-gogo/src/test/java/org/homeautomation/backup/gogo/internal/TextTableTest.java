package org.homeautomation.backup.gogo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsArePaddedToTheirWidestCellWithoutTrailingSpaces() {
        String table = new TextTable("ID", "NAME", "SIZE")
                .row("a1", "first backup", "1.0 KiB")
                .row("b22222", "x", "")
                .render();

        assertEquals(""
                + "ID      NAME          SIZE\n"
                + "------  ------------  -------\n"
                + "a1      first backup  1.0 KiB\n"
                + "b22222  x\n", table);
    }

    @Test
    void aNullCellIsEmpty() {
        assertEquals("A  B\n-  -\nx\n", new TextTable("A", "B").row("x", null).render());
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TextTable("A", "B").row("only one"));
        assertEquals("A row needs 2 cells, got 1", e.getMessage());
    }
}
