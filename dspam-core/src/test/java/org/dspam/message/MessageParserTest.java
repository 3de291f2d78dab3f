package org.dspam.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dspam.message.MessagePart.Disposition;
import org.dspam.message.MessagePart.Encoding;
import org.dspam.message.MessagePart.MediaSubtype;
import org.dspam.message.MessagePart.MediaType;
import org.junit.jupiter.api.Test;

class MessageParserTest {
    private static final String MULTIPART = """
            From: a@example.org
            Subject: test
            Content-Type: multipart/alternative; boundary="XYZ"

            preamble
            --XYZ
            Content-Type: text/plain
            Content-Transfer-Encoding: base64

            aGVsbG8gd29ybGQ=
            --XYZ
            Content-Type: text/html; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            <b>caf=E9</b>
            --XYZ--
            """;

    @Test
    void splitsAtEveryBoundaryLineAndKeepsTheTextAfterTheLastAsAPart() {
        Message m = MessageParser.parse(MULTIPART);
        assertEquals(4, m.parts().size());
        MessagePart top = m.top();
        assertEquals(MediaType.MULTIPART, top.mediaType());
        assertEquals(MediaSubtype.ALTERNATIVE, top.mediaSubtype());
        assertEquals("XYZ", top.boundary());
        assertEquals("preamble\n", top.body());
        assertEquals("XYZ", top.terminatingBoundary());
        MessagePart plain = m.parts().get(1);
        assertEquals(Encoding.BASE64, plain.encoding());
        assertEquals("hello world\n", plain.decodedBody());
        MessagePart html = m.parts().get(2);
        assertEquals(MediaSubtype.HTML, html.mediaSubtype());
        assertEquals("XYZ--", html.terminatingBoundary());
        assertTrue(m.parts().get(3).headers().isEmpty());
    }

    @Test
    void foldedHeadersKeepTheRawContinuation() {
        Message m = MessageParser.parse("Received: from a\n\tby b\nSubject: x\n\nbody\n");
        assertEquals("from a\n\tby b", m.header("Received"));
        assertEquals("x", m.header("subject"));
        assertEquals("body\n", m.top().body());
    }

    @Test
    void aLineWithoutColonIsAHeadingWithAnEmptyValue() {
        Message m = MessageParser.parse("just a body line\n");
        assertEquals("just a body line", m.top().headers().get(0).heading());
        assertEquals("", m.top().headers().get(0).data());
    }

    @Test
    void encodedWordsAreDecodedWithoutCharsetAndTheRestIsDropped() {
        Message m = MessageParser.parse("Subject: Re: =?iso-8859-1?Q?caf=E9?= now\n\n");
        HeaderField subject = m.top().header("Subject");
        assertEquals("Re: caf\u00e9", subject.data());
        assertEquals("Re: =?iso-8859-1?Q?caf=E9?= now", subject.deliveredData());
        Message b = MessageParser.parse("Subject: =?utf-8?B?aGk=?=\n\n");
        assertEquals("hi\n", b.top().header("Subject").data(), "base64 words get DSPAM's trailing newline");
    }

    @Test
    void malformedEncodedWordsLeaveTheHeaderAlone() {
        Message m = MessageParser.parse("Subject: =?broken\n\n");
        assertEquals("=?broken", m.header("Subject"));
        assertNull(m.top().header("Subject").originalData());
    }

    @Test
    void dispositionAndOtherTypesAreRecognised() {
        Message m = MessageParser.parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\n"
                + "Content-Disposition: attachment; filename=x.pdf\n\nJVBERi0=\n--b--\n");
        MessagePart pdf = m.parts().get(1);
        assertEquals(MediaType.APPLICATION, pdf.mediaType());
        assertEquals(Disposition.ATTACHMENT, pdf.disposition());
    }

    @Test
    void anUnterminatedBoundaryEndsWithTheMessage() {
        Message m = MessageParser.parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nno end");
        assertEquals(2, m.parts().size());
        assertEquals("no end", m.parts().get(1).body());
    }

    @Test
    void extractsBoundariesTheWayDspamDoes() {
        assertEquals("abc", MessageParser.extractBoundary("multipart/mixed; BOUNDARY = \"abc\"; x=y"));
        assertEquals("a'b", MessageParser.extractBoundary("multipart/mixed;boundary=a'b"));
        assertNull(MessageParser.extractBoundary("multipart/mixed"));
        assertEquals(127, MessageParser.extractBoundary("multipart/mixed; boundary=" + "x".repeat(200)).length());
    }
}
