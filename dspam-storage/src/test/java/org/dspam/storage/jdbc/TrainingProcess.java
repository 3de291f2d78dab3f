package org.dspam.storage.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.StorageDrivers;

/**
 * One agent process of the concurrency test: opens the storage a dspam.conf names and learns
 * every {@code n}-th of the first corpus messages, as {@code dspam --class=X --source=corpus}
 * runs would, one session per message.
 *
 * <p>Arguments: CONF USER SLICE SLICES COUNT. Exit status 0 when every message was learned. A message whose
 * session fails with a transient storage error (no connection in time on a loaded machine) is learned again, as
 * the MTA retries a deferred delivery: the failed transaction wrote nothing, so the counts must still come out exact.
 * Opening the storage is retried the same way.
 */
public final class TrainingProcess {
    private static final int RETRIES = 5;

    private TrainingProcess() {
    }

    public static void main(String[] args) throws Exception {
        DspamConfig config = DspamConfig.load(Path.of(args[0]));
        String user = args[1];
        int slice = Integer.parseInt(args[2]);
        int slices = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        Path temp = Files.createTempDirectory("dspam-training-process");
        List<CorpusReplay.Message> messages = CorpusReplay.messages(count, temp);
        CorpusReplay replay = CorpusReplay.shippedConfig(null);
        try (StorageDriver driver = retrying("opening the driver", () -> StorageDrivers.open(config, null))) {
            for (int i = slice; i < count; i += slices) {
                CorpusReplay.Message message = messages.get(i);
                retrying("message " + i, () -> {
                    replay.trainCorpus(driver, user, message);
                    return null;
                });
            }
        }
        System.exit(0);
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs a step as an agent's delivery would be retried by the MTA: again after a transient
     * storage failure (eight JVMs starting and writing at once on a busy machine can wait longer
     * than the pool's connection timeout), with a growing pause.
     */
    private static <T> T retrying(String what, Step<T> step) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (StorageException e) {
                if (!e.isTransient() || attempt == RETRIES) {
                    throw e;
                }
                System.out.println(what + ": " + e.getMessage() + "; trying again");
                Thread.sleep(500L * attempt);
            }
        }
    }
}
