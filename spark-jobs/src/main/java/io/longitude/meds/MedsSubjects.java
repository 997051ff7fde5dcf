package io.longitude.meds;

import io.longitude.cohort.SplitAssigner;
import io.longitude.cohort.TaskConfig;
import io.longitude.config.InvalidConfigException;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Who a subject is and where it goes: {@code subject_id} is the first 63 bits of SHA-256 of the patient key
 * (itself a keyed pseudonym: stable across runs, never the source id), and the split is the cohort split
 * rule of the exported tasks (a salted hash of the patient key), so a subject in a cohort's test split is in
 * {@code held_out} and one in no cohort lands where the same hash puts it.
 */
public final class MedsSubjects implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TaskConfig splitRule;

    private MedsSubjects(TaskConfig splitRule) {
        this.splitRule = splitRule;
    }

    /**
     * The split rule shared by {@code tasks} (the first is the rule; the others must agree with it). A temporal
     * split is refused: it can put one patient in several splits, which MEDS subject splits cannot say.
     */
    public static MedsSubjects splitBy(List<TaskConfig> tasks) {
        TaskConfig rule = tasks.get(0);
        for (TaskConfig task : tasks) {
            if (task.temporalSplit()) {
                throw new InvalidConfigException("task " + task.name() + " uses a temporal split; a MEDS export needs "
                        + "every subject in one split (task.split.temporal.enabled = false)");
            }
            if (!task.splitSalt().equals(rule.splitSalt()) || task.trainFraction() != rule.trainFraction()
                    || task.validationFraction() != rule.validationFraction()) {
                throw new InvalidConfigException("tasks " + rule.name() + " and " + task.name() + " split patients "
                        + "differently (task.split.*); a MEDS export needs one split per subject");
            }
        }
        return new MedsSubjects(rule);
    }

    public static long subjectId(String patientKey) {
        return ByteBuffer.wrap(SplitAssigner.sha256("meds-subject|" + patientKey)).getLong() >>> 1;
    }

    /** {@code train}, {@code tuning} or {@code held_out}. */
    public String split(String patientKey) {
        return MedsSchema.splitOfCohort(SplitAssigner.patientSplit(splitRule, patientKey));
    }
}
