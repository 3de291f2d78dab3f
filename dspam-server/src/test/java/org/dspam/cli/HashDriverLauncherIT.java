package org.dspam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.Totals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the real {@code bin/dspam} that depend on data kept between processes, on the default
 * storage ({@code hash_drv}): learning, then retraining from the signature in a later run, as a
 * {@code spam-user@} alias does.
 */
class HashDriverLauncherIT {
    @TempDir
    Path dir;

    private static Totals totals(Launcher l, String user) {
        try (StorageDriver d = StorageDrivers.open(DspamConfig.load(l.conf), null);
             org.dspam.storage.UserStorage s = d.open(user)) {
            return s.totals();
        }
    }

    @Test
    void aForwardedMissedSpamIsRetrainedFromItsTag() throws Exception {
        Launcher l = new Launcher(dir, "hash_drv");
        String spam = Launcher.resource("spam.eml");
        Launcher.Result first = l.dspam(spam, "--user", "eval", "--process", "--deliver=innocent,spam", "--stdout");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("X-DSPAM-Result: Innocent"), first.out());
        String sig = first.out().substring(first.out().indexOf("!DSPAM:") + 7, first.out().lastIndexOf('!'));
        assertTrue(Files.exists(l.home.resolve("data/eval")));

        String forwarded = "From: bob@example.net\nTo: spam-eval@example.net\nSubject: Fwd: spam\n\n"
                + "---------- Forwarded message ----------\n" + first.out();
        Launcher.Result retrain = new Launcher(dir, "hash_drv", "", "ParseToHeaders on", "",
                "ChangeModeOnParse on", "", "ChangeUserOnParse on").dspam(forwarded, "--user", "postmaster");
        assertEquals(0, retrain.exit(), retrain.err());
        Totals t = totals(l, "eval");
        assertEquals(1, t.spamMisclassified(), t.toString());
        String userLog = Files.readString(l.home.resolve("data/eval/eval.log"));
        assertTrue(userLog.contains("\tM\t") && userLog.contains(sig), userLog);

        Launcher.Result bySig = l.dspam("", "--user", "eval", "--class=innocent", "--source=error",
                "--signature=" + sig);
        assertEquals(0, bySig.exit(), bySig.err());
        assertEquals(1, totals(l, "eval").innocentMisclassified());
    }
}
