package io.longitude.cohort;

import java.io.Serializable;

/** How far one candidate went through a task's attrition steps; the split and label only for samples. */
public class CandidateOutcome implements Serializable {

    private static final long serialVersionUID = 1L;

    private String patientKey;
    /** The sample's id when the candidate passed every step (the id of its cohort sample and of its scorings). */
    private String sampleId;
    private int reachedStep;
    private String split;
    private Integer label;
    /** Readmission tasks: every readmission in the window was a planned stay; null when there was none. */
    private Boolean plannedOnly;

    public CandidateOutcome() {
    }

    public String getPatientKey() {
        return patientKey;
    }

    public void setPatientKey(String patientKey) {
        this.patientKey = patientKey;
    }

    public String getSampleId() {
        return sampleId;
    }

    public void setSampleId(String sampleId) {
        this.sampleId = sampleId;
    }

    public int getReachedStep() {
        return reachedStep;
    }

    public void setReachedStep(int reachedStep) {
        this.reachedStep = reachedStep;
    }

    public String getSplit() {
        return split;
    }

    public void setSplit(String split) {
        this.split = split;
    }

    public Integer getLabel() {
        return label;
    }

    public void setLabel(Integer label) {
        this.label = label;
    }

    public Boolean getPlannedOnly() {
        return plannedOnly;
    }

    public void setPlannedOnly(Boolean plannedOnly) {
        this.plannedOnly = plannedOnly;
    }
}
