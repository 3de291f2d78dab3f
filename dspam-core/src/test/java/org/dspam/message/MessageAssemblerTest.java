package org.dspam.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MessageAssemblerTest {
    private static String roundTrip(String text, String newline, boolean protect) {
        Message m = MessageParser.parse(text);
        return MessageAssembler.assemble(m, newline, protect);
    }

    @Test
    void plainMessageComesBackUnchanged() {
        String text = "From: a@example.org\nSubject: hi\n\nbody line\nsecond\n";
        assertEquals(text, roundTrip(text, "\n", false));
    }

    @Test
    void multipartKeepsBoundariesAndParts() {
        String text = "Content-Type: multipart/mixed; boundary=\"XX\"\n\npreamble\n--XX\n"
                + "Content-Type: text/plain\n\none\n--XX\nContent-Type: text/html\n\n<p>two</p>\n--XX--\n\nepilogue\n";
        assertEquals(text, roundTrip(text, "\n", false));
    }

    @Test
    void crlfNewlineAppliesToHeadersAndSeparatorsOnly() {
        String text = "Subject: x\nTo: y\n\nline1\nline2";
        assertEquals("Subject: x\r\nTo: y\r\n\r\nline1\nline2", roundTrip(text, "\r\n", false));
    }

    @Test
    void bodyWithoutHeadersBecomesHeaderLines() {
        // DSPAM reads a message without a header block as all headers: each line comes back as "line: ".
        assertEquals("just a body line: \nsecond line: \n\n", roundTrip("just a body line\nsecond line\n", "\n", false));
    }

    @Test
    void encodedWordsAreWrittenAsTheyCame() {
        String text = "Subject: =?ISO-8859-1?Q?caf=E9?=\n\nx\n";
        Message m = MessageParser.parse(text);
        assertEquals("caf\u00e9", m.header("Subject"));
        assertEquals(text, MessageAssembler.assemble(m, "\n", false));
    }

    @Test
    void mistakenFromLineHeadingHasNoSpace() {
        Message m = MessageParser.parse("From x@y Mon\nSubject: a\n\nb\n");
        assertEquals("From x@y Mon:\nSubject: a\n\nb\n", MessageAssembler.assemble(m, "\n", false));
    }

    @Test
    void protectedMessageKeepsTheEncodedBody() {
        String text = "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n";
        Message m = MessageParser.parse(text);
        SignatureScan.scan(m, new SignatureScan.Options(true, false, true));
        String decoded = m.top().body();
        assertEquals("hello", decoded.strip());
        assertEquals(text, MessageAssembler.assemble(m, "\n", true));
        assertEquals("Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + decoded,
                MessageAssembler.assemble(m, "\n", false));
    }
}
