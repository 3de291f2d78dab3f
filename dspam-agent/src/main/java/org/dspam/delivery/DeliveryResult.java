package org.dspam.delivery;

/**
 * The outcome of handing a message on.
 *
 * @param status delivered, or how it failed
 * @param text what to report (DSPAM's status text, e.g. {@code Deferred: 451 4.3.0 try later}), "" on success
 */
public record DeliveryResult(Status status, String text) {
    public enum Status {
        DELIVERED,
        /** The sender should retry (DSPAM's EFAILURE or a delivery agent's exit code). */
        TEMPORARY_FAILURE,
        /** Retrying will not help (a 5xx reply, or LMTPLDAErrorsPermanent). */
        PERMANENT_FAILURE
    }

    public static final DeliveryResult OK = new DeliveryResult(Status.DELIVERED, "");

    public static DeliveryResult temporary(String text) {
        return new DeliveryResult(Status.TEMPORARY_FAILURE, text);
    }

    public static DeliveryResult permanent(String text) {
        return new DeliveryResult(Status.PERMANENT_FAILURE, text);
    }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }
}
