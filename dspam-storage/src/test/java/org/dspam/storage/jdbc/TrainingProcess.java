package org.dspam.storage.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;

/**
 * One agent process of the concurrency test: opens the storage a dspam.conf names and learns
 * every {@code n}-th of the first corpus messages, as {@code dspam --class=X --source=corpus}
 * runs would, one session per message.
 *
 * <p>Arguments: CONF USER SLICE SLICES COUNT. Exit status 0 when every message was learned.
 */
public final class TrainingProcess {
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
        try (StorageDriver driver = StorageDrivers.open(config, null)) {
            for (int i = slice; i < count; i += slices) {
                replay.trainCorpus(driver, user, messages.get(i));
            }
        }
        System.exit(0);
    }
}
