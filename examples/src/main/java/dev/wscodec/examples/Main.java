package dev.wscodec.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The examples' command line: {@code java -jar wscodec-examples.jar [COMMAND] [OPTIONS]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Servers block in run() until the JVM is stopped; the client returns when its connection ended.
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code, or blocks until the server is stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("-")) {
            if (args.length > 0 && isHelp(args[0])) {
                out.print(Commands.usage());
                return 0;
            }
            return run(Commands.ALL.get(0), args, out, err);   // options only: the default command
        }
        if (args[0].equals("help")) {
            if (args.length == 1) {
                out.print(Commands.usage());
                return 0;
            }
            Command c = Commands.named(args[1]);
            if (c == null || args.length > 2) {
                err.println(c == null ? unknownCommand(args[1]) : "The help command takes one command name.");
                return 2;
            }
            out.print(c.help());
            return 0;
        }
        Command command = Commands.named(args[0]);
        if (command == null) {
            err.println(unknownCommand(args[0]));
            return 2;
        }
        return run(command, Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    private static int run(Command command, String[] args, PrintStream out, PrintStream err) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (isHelp(arg)) {
                out.print(command.help());
                return 0;
            }
        }
        try {
            return command.runner().run(command.parse(args), out, err);
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (ClusterStartException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("The " + command.name() + " command failed: " + e);
            return 1;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static String unknownCommand(String name) {
        List<String> names = Commands.ALL.stream().map(Command::name).toList();
        String hint = name.matches("[0-9]{1,5}") ? " Did you mean demo --port " + name + "?"
                : Command.closest(name, names) != null ? " Did you mean " + Command.closest(name, names) + "?" : "";
        return "Unknown command '" + name + "'. Commands: " + String.join(", ", names) + "; see --help." + hint;
    }
}
