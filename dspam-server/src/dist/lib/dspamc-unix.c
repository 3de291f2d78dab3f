/*
 * dspamc's unix socket, for the one call a dspamc process makes. The JDK's own unix sockets set up
 * its security providers the first time one is opened (to name temporary sockets, which a client
 * never binds): a third of a dspamc call. This library connects the socket and hands Java a plain
 * file descriptor instead. lib/dspam-cds compiles it for the local machine; bin/dspamc uses it when
 * it is there and falls back to the JDK's sockets when it is not.
 */
#include <errno.h>
#include <jni.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The error as the JDK's sockets report it: the system's text alone. */
static void throw_io(JNIEnv *env, int error) {
    jclass io = (*env)->FindClass(env, "java/io/IOException");
    if (io != NULL) {
        (*env)->ThrowNew(env, io, strerror(error));
    }
}

static jfieldID fd_field(JNIEnv *env) {
    jclass c = (*env)->FindClass(env, "java/io/FileDescriptor");
    return c == NULL ? NULL : (*env)->GetFieldID(env, c, "fd", "I");
}

/* Connects a stream socket to the path (its bytes) and returns it as a java.io.FileDescriptor. */
JNIEXPORT jobject JNICALL Java_org_dspam_client_NativeUnixSocket_connect0(JNIEnv *env, jclass cls, jbyteArray path) {
    struct sockaddr_un address;
    jsize n = (*env)->GetArrayLength(env, path);
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (n <= 0 || (size_t) n >= sizeof address.sun_path) {
        throw_io(env, ENAMETOOLONG);
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *) address.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw_io(env, errno);
        return NULL;
    }
    while (connect(fd, (struct sockaddr *) &address, sizeof address) != 0) {
        if (errno != EINTR) {
            int error = errno;
            close(fd);
            throw_io(env, error);
            return NULL;
        }
    }
    jclass c = (*env)->FindClass(env, "java/io/FileDescriptor");
    jmethodID init = c == NULL ? NULL : (*env)->GetMethodID(env, c, "<init>", "()V");
    jfieldID field = fd_field(env);
    jobject descriptor = init == NULL || field == NULL ? NULL : (*env)->NewObject(env, c, init);
    if (descriptor == NULL) {
        close(fd);
        return NULL;
    }
    (*env)->SetIntField(env, descriptor, field, fd);
    return descriptor;
}

/* Ends both directions, so that a read blocked on the socket in another thread returns. */
JNIEXPORT void JNICALL Java_org_dspam_client_NativeUnixSocket_shutdown0(JNIEnv *env, jclass cls, jobject descriptor) {
    jfieldID field = fd_field(env);
    if (field != NULL) {
        int fd = (*env)->GetIntField(env, descriptor, field);
        if (fd >= 0) {
            shutdown(fd, SHUT_RDWR);
        }
    }
}
