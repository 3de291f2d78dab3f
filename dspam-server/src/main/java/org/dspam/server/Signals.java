package org.dspam.server;

import java.lang.reflect.Proxy;

/**
 * Unix signal handlers, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported), reached
 * by reflection so that the build does not depend on an internal API.
 */
final class Signals {
    private Signals() {
    }

    /** Runs {@code action} (on a JVM signal thread) whenever the signal {@code name} (HUP, TERM, INT) arrives. */
    static void handle(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "signal handler for SIG" + name;
                    });
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Unable to handle SIG" + name + ": " + e, e);
        }
    }
}
