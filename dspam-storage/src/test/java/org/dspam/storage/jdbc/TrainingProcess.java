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
        try (StorageDriver driver = openDriver(config)) {
            for (int i = slice; i < count; i += slices) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        replay.trainCorpus(driver, user, messages.get(i));
                        break;
                    } catch (StorageException e) {
                        if (!e.isTransient() || attempt == RETRIES) {
                            throw e;
                        }
                        System.out.println("message " + i + ": " + e.getMessage() + "; trying again");
                        Thread.sleep(500L * attempt);
                    }
                }
            }
        }
        System.exit(0);
    }

    /**
     * Opens the driver as an agent would, trying again after a transient failure (eight JVMs
     * starting at once on a busy machine can wait longer than the pool's connection timeout).
     */
    private static StorageDriver openDriver(DspamConfig config) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return StorageDrivers.open(config, null);
            } catch (StorageException e) {
                if (!e.isTransient() || attempt == RETRIES) {
                    throw e;
                }
                System.out.println("opening the driver: " + e.getMessage() + "; trying again");
                Thread.sleep(500L * attempt);
            }
        }
    }
}
