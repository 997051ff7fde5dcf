package io.longitude.jobs;

/**
 * Test hook: with {@code -Dlongitude.test.kill-after-stage=ingest:staged} a run fails after writing its
 * staging area and before publishing, as a killed process would; tests use it to prove that nothing is
 * half-published. Unset in production.
 */
public final class StageKillHook {

    public static final String PROPERTY = "longitude.test.kill-after-stage";

    private StageKillHook() {
    }

    public static void reached(String point) {
        if (point.equals(System.getProperty(PROPERTY))) {
            throw new IllegalStateException("killed at " + point + " by the test hook " + PROPERTY);
        }
    }
}
