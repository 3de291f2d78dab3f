package org.dspam.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.dspam.classify.Algorithm;
import org.dspam.classify.PValue;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.message.MessagePipeline;
import org.dspam.message.SignatureScan;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.token.TokenizerKind;
import org.dspam.token.TokenizerSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever arrives gets a defined result: a verdict, "no tokens" (null verdict) or "empty"
 * (nothing to prepare), never an exception or a hang. (The timeout only catches a hang; speed
 * and memory for large input are measured by the benchmarks.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileInputTest {
    private final Engine engine = new Engine();
    private final MemoryStorageDriver driver = new MemoryStorageDriver();
    private final EngineSettings settings = new EngineSettings(TokenizerKind.OSB, true, Set.of(),
            Set.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR, true, true, true, 0, 10, TrainingMode.TOE, false,
            TokenizerSettings.DEFAULT_MAX_TEXT);

    @BeforeEach
    void someTraining() {
        train("Subject: lunch\n\nsee you at noon for lunch", MessageClass.INNOCENT);
        train("Subject: FREE\n\nclaim your free prize now", MessageClass.SPAM);
    }

    private void train(String message, MessageClass cls) {
        MessagePipeline.Prepared p = prepare(message.getBytes(StandardCharsets.ISO_8859_1));
        try (UserStorage s = driver.open("u")) {
            engine.process(s, settings, Job.train(cls, Source.CORPUS), p.text());
        }
    }

    private static MessagePipeline.Prepared prepare(byte[] input) {
        return MessagePipeline.prepare(input, new SignatureScan.Options(false, false, true), false);
    }

    private Outcome classify(byte[] input) {
        MessagePipeline.Prepared p = prepare(input);
        assertNotNull(p, "only empty input has nothing to prepare");
        try (UserStorage s = driver.open("u")) {
            return engine.process(s, settings, Job.process(), p.text());
        }
    }

    private Outcome classify(String input) {
        return classify(input.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void emptyInputIsRefusedBeforeTheEngine() {
        assertNull(prepare(new byte[0]));
    }

    @Test
    void blankLinesHaveNoTokens() {
        assertNull(classify("\n\n\n").verdict());
    }

    @Test
    void headersOnlyAndBodyOnlyAreClassified() {
        assertNotNull(classify("From: a@b.c\nSubject: hello there").verdict());
        assertNotNull(classify("just a body line without any header: \nsecond line: \n").verdict());
    }

    @Test
    void binaryGarbageIsClassified() {
        byte[] garbage = new byte[200_000];
        new Random(7).nextBytes(garbage);
        assertNotNull(classify(garbage).verdict());
    }

    @Test
    void brokenMimeIsReadAsFarAsItGoes() {
        String unterminated = "Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\nnever closed free prize";
        assertNotNull(classify(unterminated).verdict());
        String badBase64 = "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!%%%@@@ not base64 at all ===\n";
        assertNotNull(classify("Subject: x\n" + badBase64).verdict());
        String unknownCharset = "Content-Type: text/plain; charset=x-no-such-charset\nSubject: =?x-unknown?Q?caf=E9?=\n\ncaf\u00e9 lunch";
        assertNotNull(classify(unknownCharset).verdict());
        String nested = "Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/alternative; boundary=b\n\n--b\n"
                + "Content-Type: text/html\n\n<html><body><a href=\"http://x.example/\">lunch</a>\n--a--\n";
        assertNotNull(classify(nested).verdict());
    }

    @Test
    void veryLongLinesAndHeadersAreRead() {
        String longHeader = "Subject: " + "word ".repeat(50_000) + "\n";
        String longLine = "x".repeat(2_000_000);
        assertNotNull(classify(longHeader + "\n" + longLine + " lunch\n").verdict());
        assertNotNull(classify("X-Folded: a\n" + "\tcontinued line\n".repeat(20_000) + "\nbody lunch").verdict());
    }

    @Test
    void aTenMegabyteMessageIsReadUpToTheTextLimit() {
        StringBuilder sb = new StringBuilder("From: a@b.c\nSubject: big\n\n");
        Random r = new Random(3);
        while (sb.length() < 10_000_000) {
            sb.append((char) ('a' + r.nextInt(26))).append((char) ('a' + r.nextInt(26))).append((char) ('a' + r.nextInt(26)))
                    .append(r.nextInt(10) == 0 ? '\n' : ' ');
        }
        Outcome o = classify(sb.toString());
        assertNotNull(o.verdict());
        MessagePipeline.Prepared p = prepare(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        TokenizedMessage limited = engine.tokenize(settings, p.text());
        TokenizedMessage firstPart = engine.tokenize(settings, new org.dspam.message.MessageText(p.text().headers(),
                p.text().body().substring(0, TokenizerSettings.DEFAULT_MAX_TEXT - p.text().headers().length())));
        assertEquals(firstPart.size(), limited.size(), "only the first ProcessorMaxText bytes are tokenized");
    }

    @Test
    void nulBytesAndControlCharactersDoNotBreakParsing() {
        // As in DSPAM, a NUL byte ends what is kept of its line (newline included).
        assertNotNull(classify("Subject: hello there\0junk\r\n\r\nline with\0 nul\u0001\u0002 lunch here\r\n").verdict());
    }
}
