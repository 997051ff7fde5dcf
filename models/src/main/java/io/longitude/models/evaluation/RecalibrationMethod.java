package io.longitude.models.evaluation;

/** Which recalibration, fitted on the validation split, gives the calibrated score of the predictions table. */
public enum RecalibrationMethod {
    PLATT,
    ISOTONIC
}
