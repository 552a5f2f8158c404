package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hand-written command-line parser, the usage text and the chat's name cleaning. */
class ArgsTest {

    private static final Set<String> VALUED = Set.of("--port", "--header");
    private static final Set<String> FLAGS = Set.of("--no-deflate");

    @Test
    void parsesValuesFlagsRepeatsAndPositionals() {
        Args a = Args.parse(new String[] {"ws://x/", "--port", "9000", "--no-deflate", "--header=A: 1",
            "--header", "B:2", "--", "--port"}, VALUED, FLAGS);
        assertEquals(9000, a.intValue("--port", 0, 65535, 1));
        assertTrue(a.flag("--no-deflate"));
        assertEquals(List.of("A: 1", "B:2"), a.all("--header"));
        assertEquals(List.of("ws://x/", "--port"), a.positional());
        assertEquals(7, Args.parse(new String[0], VALUED, FLAGS).intValue("--port", 0, 65535, 7));
    }

    @Test
    void rejectsWhatDoesNotFitWithFullSentences() {
        assertEquals("Unknown option '--prot'; see --help.", assertThrows(Args.UsageException.class,
                () -> Args.parse(new String[] {"--prot", "1"}, VALUED, FLAGS)).getMessage());
        assertEquals("The option --port needs a value.", assertThrows(Args.UsageException.class,
                () -> Args.parse(new String[] {"--port"}, VALUED, FLAGS)).getMessage());
        assertEquals("The option --no-deflate takes no value but was given 'yes'.", assertThrows(Args.UsageException.class,
                () -> Args.parse(new String[] {"--no-deflate=yes"}, VALUED, FLAGS)).getMessage());
        Args a = Args.parse(new String[] {"--port", "http"}, VALUED, FLAGS);
        assertEquals("The value of --port must be a whole number but was 'http'.", assertThrows(Args.UsageException.class,
                () -> a.intValue("--port", 0, 65535, 1)).getMessage());
    }

    @Test
    void mainPrintsUsageAndRejectsBadCommandLinesWithoutStartingAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"echo", "--help"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: java -jar wscodec-examples.jar"));
        assertEquals(2, Main.run(new String[] {"ticker", "--overflow", "buffer"}, o, e));
        assertEquals(2, Main.run(new String[] {"client"}, o, e));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("The value of --overflow must be 'latest' or 'drop' but was 'buffer'."), errors);
        assertTrue(errors.contains("The client command needs exactly one URL"), errors);
    }

    @Test
    void chatNamesAreCleaned() {
        assertEquals("böb script", ChatRoom.clean("  <böb> script;  "));
        assertEquals("x".repeat(ChatRoom.MAX_NAME), ChatRoom.clean("x".repeat(100)));
        assertEquals("", ChatRoom.clean("<>"));
    }
}
