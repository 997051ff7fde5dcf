package io.longitude.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecallAtKTest {

    @Test
    void recallAtKIsTheShareOfTrueCodesAmongTheTopK() {
        float[] scores = {0.9f, 0.1f, 0.5f, 0.7f, 0.3f};
        assertEquals(1.0, RecallAtK.of(scores, new int[] {0, 3}, 2));
        assertEquals(0.5, RecallAtK.of(scores, new int[] {0, 4}, 2));
        assertEquals(1.0, RecallAtK.of(scores, new int[] {0, 4}, 4));
        assertEquals(0.0, RecallAtK.of(scores, new int[] {1}, 4));
        assertThrows(IllegalArgumentException.class, () -> RecallAtK.of(scores, new int[0], 2));
    }

    @Test
    void theRankingBreaksTiesByTheLowerIdAndHitsCountDistinctCodes() {
        float[] scores = {0.5f, 0.9f, 0.5f, 0.5f, 0.1f};
        assertArrayEquals(new int[] {1, 0, 2}, RecallAtK.topIds(scores, 3));
        assertArrayEquals(new int[] {1, 0, 2, 3, 4}, RecallAtK.topIds(scores, 9));
        assertEquals(0.5, RecallAtK.of(scores, new int[] {2, 3}, 3), "id 3 ties with 0 and 2 but ranks after them");
        assertEquals(1, RecallAtK.hits(List.of("a", "b"), List.of("b", "b", "c"), 2));
        assertEquals(2, RecallAtK.distinct(List.of("b", "b", "c")));
        assertEquals(0.25, RecallAtK.precision(1, 4));
    }
}
