package org.dspam.server;

import org.dspam.lmtp.Reply;
import org.dspam.lmtp.Transaction;

/** Processes received messages off the event loop and reports back through a {@link ResultSink}. */
interface TransactionHandler {
    void submit(Transaction transaction, ResultSink sink);

    /** Where the results of one transaction go; callable from any thread, in order. */
    interface ResultSink {
        /** A recipient's reply, sent at once. */
        void reply(Reply reply);

        /** DLMTP output (already framed, ending with the lone dot). */
        void output(byte[] bytes);

        /** The transaction is over; nothing more will be sent for it. */
        void done();
    }
}
