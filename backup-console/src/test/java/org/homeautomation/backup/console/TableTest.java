package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsArePaddedToTheirWidestCellWithoutTrailingSpaces() {
        String table = new Table("ID", "NAME", "SIZE")
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
        assertEquals("A  B\n-  -\nx\n", new Table("A", "B").row("x", null).render());
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Table("A", "B").row("only one"));
        assertEquals("A row needs 2 cells, got 1", e.getMessage());
    }

    @Test
    void numbersCanBeAlignedToTheRight() {
        assertEquals("ID     SIZE\n--  -------\na       1 B\nb   2.0 KiB\n",
                new Table("ID", "SIZE").alignRight(1).row("a", "1 B").row("b", "2.0 KiB").render());
    }
}
