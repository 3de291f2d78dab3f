package org.dspam.client;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A unix socket connected by {@code lib/libdspamc-unix.so} (named by the system property
 * {@code dspamc.unix.library}, which {@code bin/dspamc} sets when the library is there). The JDK's
 * own unix sockets set up its security providers the first time one is opened, to name temporary
 * sockets a client never binds: about a third of a {@code dspamc} call. Without the library the
 * client uses the JDK's sockets.
 */
final class NativeUnixSocket {
    static final String LIBRARY_PROPERTY = "dspamc.unix.library";
    private static Boolean loaded;

    private NativeUnixSocket() {
    }

    /** Whether the library is named and loads; asked once. */
    static synchronized boolean available() {
        if (loaded == null) {
            String library = System.getProperty(LIBRARY_PROPERTY);
            boolean ok = false;
            if (library != null && !library.isEmpty()) {
                try {
                    System.load(library);
                    ok = true;
                } catch (UnsatisfiedLinkError | SecurityException e) {
                    // Another machine's build of it, or none: the JDK's sockets it is.
                }
            }
            loaded = ok;
        }
        return loaded;
    }

    /** A connected stream socket; read and write it with {@code FileInputStream} and {@code FileOutputStream}. */
    static FileDescriptor connect(String path) throws IOException {
        return connect0(path.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends both directions: a read blocked in another thread returns. */
    static void shutdown(FileDescriptor socket) {
        shutdown0(socket);
    }

    private static native FileDescriptor connect0(byte[] path) throws IOException;

    private static native void shutdown0(FileDescriptor socket);
}
