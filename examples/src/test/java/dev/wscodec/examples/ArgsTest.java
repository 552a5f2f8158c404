package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hand-written command-line parser, the help texts, usage errors and their hints, the chat's name cleaning. */
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
    void commandHelpListsThatCommandsOptionsOnly() {
        Run echoHelp = Run.of("echo", "--help");
        assertEquals(0, echoHelp.code);
        assertTrue(echoHelp.out.startsWith("Usage: java -jar wscodec-examples.jar echo [OPTIONS]\n"), echoHelp.out);
        assertTrue(echoHelp.out.contains("\n  --max-message B "), echoHelp.out);
        assertTrue(echoHelp.out.contains("\n  --instances N "), echoHelp.out);
        assertFalse(echoHelp.out.contains("--interval"), "the ticker's options are not the echo's: " + echoHelp.out);
        assertFalse(echoHelp.out.contains("blocking"), echoHelp.out);
        assertEquals(echoHelp.out, Run.of("help", "echo").out, "help COMMAND prints the same");
        assertEquals(echoHelp.out, Run.of("echo", "--port", "1", "-h").out, "--help anywhere in the command line");
        Run tickerHelp = Run.of("help", "ticker");
        assertTrue(tickerHelp.out.contains("--overflow latest|drop") && !tickerHelp.out.contains("--max-message"),
                tickerHelp.out);
        assertTrue(Run.of("client", "--help").out.startsWith("Usage: java -jar wscodec-examples.jar client [OPTIONS] URL"));
        Run all = Run.of("--help");
        for (Command c : Commands.ALL) {
            assertTrue(all.out.contains("\n  " + c.name() + " "), "the usage lists " + c.name());
            for (Command.Option o : c.options()) {
                assertTrue(all.out.contains(o.usage()), "the usage lists " + o.usage());
            }
        }
        assertEquals(all.out, Run.of("help").out);
        Run unknown = Run.of("help", "nope");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.startsWith("Unknown command 'nope'. Commands: demo, echo, chat,"), unknown.err);
    }

    @Test
    void unexpectedArgumentsAreErrorsWithAHint() {
        Run port = Run.of("echo", "9706");
        assertEquals(2, port.code);
        assertEquals("The echo command takes no arguments but was given '9706'; did you mean --port 9706?\n", port.err);
        assertEquals("The chat command takes no arguments but was given '127.0.0.2'; did you mean --host 127.0.0.2?\n",
                Run.of("chat", "127.0.0.2").err);
        assertEquals("The echo command takes no arguments but was given '127.0.0.2:9000'; did you mean --host 127.0.0.2 "
                + "--port 9000?\n", Run.of("echo", "127.0.0.2:9000").err);
        assertEquals("The echo command takes no arguments but was given '[::1]:80'; did you mean --host ::1 --port 80?\n",
                Run.of("echo", "[::1]:80").err);
        assertEquals("The ticker command takes no arguments but was given '-port'; did you mean --port?\n",
                Run.of("ticker", "-port", "1").err);
        assertEquals("The ticker command takes no arguments but was given '-p'; options start with two dashes; "
                + "see ticker --help.\n", Run.of("ticker", "-p", "1").err);
        assertEquals("The demo command takes no arguments but was given 'ws://localhost:9876/'; to connect to a "
                + "server, use the client command: client ws://localhost:9876/\n", Run.of("demo", "ws://localhost:9876/").err);
        assertEquals("The client command takes one argument, URL, but was also given 'extra'; see client --help.\n",
                Run.of("client", "ws://127.0.0.1:1/", "extra").err);
        assertEquals("Unknown option '--prot' for the blocking command; did you mean --port? See blocking --help.\n",
                Run.of("blocking", "--prot", "1").err);
        assertEquals("Unknown option '--tls' for the echo command; see echo --help.\n", Run.of("echo", "--tls").err);
        assertEquals("The client command needs a ws:// or wss:// URL but was given '9706'; did you mean "
                + "ws://localhost:9706/?\n", Run.of("client", "9706").err);
        assertEquals("The client command needs a ws:// or wss:// URL but was given 'localhost:9706/chat'; did you mean "
                + "ws://localhost:9706/chat?\n", Run.of("client", "localhost:9706/chat").err);
        Run typo = Run.of("ehco", "--port", "1");
        assertEquals(2, typo.code);
        assertTrue(typo.err.endsWith("; see --help. Did you mean echo?\n"), typo.err);
        assertTrue(Run.of("9876").err.endsWith(" Did you mean demo --port 9876?\n"));
        assertEquals(2, Run.of("echo", "--host", "no-such-host.invalid").code);
        assertEquals("The value of --host must be an address of this machine, but 'no-such-host.invalid' cannot be "
                + "resolved.\n", Run.of("echo", "--host", "no-such-host.invalid").err);
    }

    /** {@link Main#run} with its output captured (only for command lines that do not start a server). */
    private record Run(int code, String out, String err) {
        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void boundAddressesAreShownAsTheyCanBeTyped() throws Exception {
        assertEquals("ws://127.0.0.2:9001/", Servers.url("ws", InetAddress.getByName("127.0.0.2"), 9001, "/"));
        assertEquals("http://[::1]:80/x", Servers.url("http", InetAddress.getByName("::1"), 80, "/x"));
        assertEquals("ws://[fe80::1:2:3:4]:1/", Servers.url("ws", InetAddress.getByName("fe80:0:0:0:1:2:3:4"), 1, "/"));
        assertEquals("ws://localhost:5/ (every interface)", Servers.url("ws", InetAddress.getByName("0.0.0.0"), 5, "/"));
        assertEquals(2, Command.distance("--prot", "--port"));
        assertEquals(null, Command.closest("--zzzzzz", java.util.List.of("--port", "--host")));
    }

    @Test
    void mainPrintsUsageAndRejectsBadCommandLinesWithoutStartingAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"--help"}, o, e));
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
