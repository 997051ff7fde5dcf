package io.longitude.cohort;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One row of a cohort's {@code samples} table: what the trainer turns into a model example, plus the
 * covariates evaluation needs for Table 1 and subgroups.
 */
public class CohortSample implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Hex SHA-256 of task, patient key and index encounter key: stable across runs. */
    private String sampleId;
    private String patientKey;
    private String split;
    /** Prediction time. */
    private Instant indexTime;
    private String indexEncounterKey;
    /** 1 or 0 for binary tasks, null for next-visit-dx. */
    private Integer label;
    /** next-visit-dx: per visit, the target ids recorded at that visit; null for binary tasks. */
    private List<List<Integer>> targets;
    /** The most recent visits the sample may see, oldest first. */
    private List<SampleVisit> visits;
    private String sex;
    /** Whole years at the stay's start (at the last visit for next-visit-dx). */
    private int ageAtIndex;
    /** Visits in {@code visits}, after the cap. */
    private int visitCount;

    public CohortSample() {
    }

    public String getSampleId() {
        return sampleId;
    }

    public void setSampleId(String sampleId) {
        this.sampleId = sampleId;
    }

    public String getPatientKey() {
        return patientKey;
    }

    public void setPatientKey(String patientKey) {
        this.patientKey = patientKey;
    }

    public String getSplit() {
        return split;
    }

    public void setSplit(String split) {
        this.split = split;
    }

    public Instant getIndexTime() {
        return indexTime;
    }

    public void setIndexTime(Instant indexTime) {
        this.indexTime = indexTime;
    }

    public String getIndexEncounterKey() {
        return indexEncounterKey;
    }

    public void setIndexEncounterKey(String indexEncounterKey) {
        this.indexEncounterKey = indexEncounterKey;
    }

    public Integer getLabel() {
        return label;
    }

    public void setLabel(Integer label) {
        this.label = label;
    }

    public List<List<Integer>> getTargets() {
        return targets;
    }

    public void setTargets(List<List<Integer>> targets) {
        this.targets = targets;
    }

    public List<SampleVisit> getVisits() {
        return visits;
    }

    public void setVisits(List<SampleVisit> visits) {
        this.visits = visits;
    }

    public String getSex() {
        return sex;
    }

    public void setSex(String sex) {
        this.sex = sex;
    }

    public int getAgeAtIndex() {
        return ageAtIndex;
    }

    public void setAgeAtIndex(int ageAtIndex) {
        this.ageAtIndex = ageAtIndex;
    }

    public int getVisitCount() {
        return visitCount;
    }

    public void setVisitCount(int visitCount) {
        this.visitCount = visitCount;
    }
}
