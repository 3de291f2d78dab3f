package org.dspam.tools.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Reads the corpus's messages and makes each ready for training ({@code prepare}: parsing, tokenizing) on a
 * thread of its own, a few messages ahead of the one being trained, and hands them over in corpus order. Training
 * depends on what the messages before taught, so it stays in order on the caller's thread; reading and tokenizing
 * do not, and run meanwhile on another core. A message that cannot be read or prepared is reported when its turn
 * comes, as if it had been read then.
 */
final class ReadAhead<T> implements AutoCloseable {
    /** Messages made ready ahead: enough to even out slow and fast ones, few enough to bound memory. */
    static final int AHEAD = 16;

    /** A message made ready, or why it could not be. */
    private record Item<T>(T ready, Throwable failure) {
    }

    private final BlockingQueue<Item<T>> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private final int count;
    private int taken;

    ReadAhead(List<Corpus.Entry> entries, Function<byte[], T> prepare) {
        this.count = entries.size();
        this.thread = Thread.ofPlatform().name("dspam_train-read-ahead").daemon().unstarted(() -> {
            try {
                for (Corpus.Entry e : entries) {
                    Item<T> item;
                    try {
                        item = new Item<>(prepare.apply(Files.readAllBytes(e.file())), null);
                    } catch (IOException | RuntimeException | Error failure) {
                        item = new Item<>(null, failure);
                    }
                    queue.put(item);
                    if (item.failure() != null) {
                        return;
                    }
                }
            } catch (InterruptedException stop) {
                // closed before the corpus was done
            }
        });
        thread.start();
    }

    /** The next message, in corpus order. */
    T next() throws IOException {
        if (taken == count) {
            throw new IllegalStateException("no message left");
        }
        Item<T> item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the corpus", e);
        }
        taken++;
        Throwable f = item.failure();
        if (f instanceof IOException io) {
            throw io;
        } else if (f instanceof UncheckedIOException io) {
            throw io.getCause();
        } else if (f instanceof RuntimeException re) {
            throw re;
        } else if (f instanceof Error er) {
            throw er;
        }
        return item.ready();
    }

    /** Stops reading ahead and waits for the reading thread to end. */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
