package org.dspam.tools.crc;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.token.Crc64;
import org.dspam.util.ByteString;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_crc token}: the 64-bit token id DSPAM stores for a token text. The argument is hashed
 * as the bytes the shell passed (UTF-8).
 */
@Command(name = "dspam_crc")
public final class CrcCommand extends ToolCommand {
    static final String SYNTAX = "syntax: dspam_crc [token]";

    @Parameters(arity = "0..*")
    private List<String> tokens = new ArrayList<>();

    public CrcCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        CrcCommand command = new CrcCommand(context);
        CommandLine cl = new CommandLine(command);
        // Any text is a token, even one that starts with '-'.
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setEndOfOptionsDelimiter("\0");
        return ToolCommand.run(command, cl, args);
    }

    @Override
    protected String name() {
        return "dspam_crc";
    }

    @Override
    protected void printUsage() {
        out.println(SYNTAX);
    }

    @Override
    protected int execute() {
        if (tokens.size() != 1) {
            printUsage();
            return 1;
        }
        String token = tokens.get(0);
        out.println("TOKEN: '" + token + "' CRC: " + Crc64.toUnsignedString(Crc64.of(ByteString.fromUtf8(token))));
        return 0;
    }
}
