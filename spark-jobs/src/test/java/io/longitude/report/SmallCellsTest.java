package io.longitude.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SmallCellsTest {

    @Test
    void smallCellsAreSuppressed() {
        SmallCells cells = new SmallCells(11);
        assertEquals("<11", cells.count(10));
        assertEquals("<11", cells.count(1));
        assertEquals("11", cells.count(11));
        assertEquals("0", cells.count(0));
        assertEquals("<5", new SmallCells(5).count(4));
        assertFalse(new SmallCells(1).enabled());
    }
}
