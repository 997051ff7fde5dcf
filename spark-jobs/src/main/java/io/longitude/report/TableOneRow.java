package io.longitude.report;

/**
 * One column of Table 1: the samples with one label (null: next-visit-dx, the whole cohort).
 *
 * @param ageMean null when no sample has an age
 * @param ageSd   null with fewer than two samples
 */
public record TableOneRow(Integer label, long samples, long patients, long female, Double ageMean, Double ageSd) {
}
