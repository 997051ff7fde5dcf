package io.longitude.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
