package org.dspam.delivery;

import org.dspam.config.DspamConfig;

/** {@code DeliveryProto}: DSPAM delivers over a socket only for exactly {@code LMTP} or {@code SMTP}. */
public enum DeliveryProtocol {
    LMTP("LHLO"),
    SMTP("HELO");

    private final String greeting;

    DeliveryProtocol(String greeting) {
        this.greeting = greeting;
    }

    String greeting() {
        return greeting;
    }

    /** The configured protocol, or null for delivery through a local delivery agent. */
    public static DeliveryProtocol configured(DspamConfig config) {
        String value = config.get("DeliveryProto").orElse(null);
        if ("LMTP".equals(value)) {
            return LMTP;
        }
        if ("SMTP".equals(value)) {
            return SMTP;
        }
        return null;
    }
}
