package org.dspam.engine;

import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;

/**
 * What to do with one message for one user.
 *
 * @param mode process or classify only
 * @param classification the class to train as, or null for new mail
 * @param source where the class comes from; given exactly when {@code classification} is
 * @param unlearn reverse an earlier learning ({@code --mode=unlearn})
 * @param signature whether to build a signature for later retraining
 */
public record Job(OperatingMode mode, MessageClass classification, Source source, boolean unlearn, boolean signature) {
    public Job {
        if (mode == OperatingMode.CLASSIFY && classification != null) {
            throw new IllegalArgumentException("Classify mode may not specify a class");
        }
        if (classification != null && source == null) {
            throw new IllegalArgumentException("No source was specified for this class");
        }
        if (classification == null && source != null) {
            throw new IllegalArgumentException("No class was specified for this source");
        }
    }

    /** New mail: classify and learn as the training mode says, keeping a signature. */
    public static Job process() {
        return new Job(OperatingMode.PROCESS, null, null, false, true);
    }

    /** Classification only ({@code --classify}). */
    public static Job classify() {
        return new Job(OperatingMode.CLASSIFY, null, null, false, false);
    }

    /** Training with a known class ({@code --class=X --source=Y}). */
    public static Job train(MessageClass classification, Source source) {
        return new Job(OperatingMode.PROCESS, classification, source, false, false);
    }
}
