package org.dspam.engine;

/** Whether a message is processed (classified and, as the training mode says, learned) or only classified. */
public enum OperatingMode {
    PROCESS,
    CLASSIFY
}
