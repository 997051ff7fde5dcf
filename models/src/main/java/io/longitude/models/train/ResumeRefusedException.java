package io.longitude.models.train;

/** A checkpoint that another network or other training data produced: resuming from it would mix two runs. */
public final class ResumeRefusedException extends IllegalStateException {

    public ResumeRefusedException(String message) {
        super(message);
    }
}
