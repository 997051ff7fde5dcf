package io.longitude.jobs.cohort;

import io.longitude.jobs.ExitCode;
import io.longitude.jobs.cli.LongitudeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exit codes of the {@code cohort} command for task settings it cannot use. */
class CohortCommandTest {

    @TempDir
    Path warehouse;

    @Test
    void unknownTaskKeysAndTasksAreUsageErrors() {
        assertEquals(ExitCode.USAGE.code(), cohort("--task", "readmission-30d", "--conf", "task.window-dayz=7"));
        assertEquals(ExitCode.USAGE.code(), cohort("--task", "readmission-30d", "--conf", "cohort.window-days=7"));
        assertEquals(ExitCode.USAGE.code(), cohort("--task", "readmission-60d"));
        assertEquals(ExitCode.USAGE.code(), cohort("--task", "mortality-inhospital", "--conf", "task.offset-hours=-1"));
    }

    @Test
    void helpListsTheTaskOption() {
        assertEquals(ExitCode.OK.code(), LongitudeCli.execute("cohort", "--help"));
    }

    private int cohort(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "cohort";
        all[1] = "--warehouse";
        all[2] = warehouse.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return LongitudeCli.execute(all);
    }
}
