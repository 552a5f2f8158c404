package dev.wscodec.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small command-line parser: {@code --name value} options (also {@code --name=value}), boolean flags,
 * repeatable options, and positional arguments. Unknown options are errors with a full-sentence message.
 */
final class Args {

    /** A command line that does not fit the command; the message says what is wrong. */
    static class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Parses a command line for {@code command}: its options as its table declares them, at most
     * {@link Command#maxArguments()} positional arguments. Mistakes are errors whose message says what was probably
     * meant ({@code echo 9706}: did you mean --port 9706?).
     */
    static Args parse(String[] args, Command command) {
        Set<String> valued = new HashSet<>();
        Set<String> booleans = new HashSet<>();
        for (Command.Option o : command.options()) {
            (o.takesValue() ? valued : booleans).add(o.name());
        }
        Args a;
        try {
            a = parse(args, valued, booleans);
        } catch (UnknownOptionException e) {
            String close = Command.closest(e.option, command.options().stream().map(Command.Option::name).toList());
            throw new UsageException("Unknown option '" + e.option + "' for the " + command.name() + " command; "
                    + (close == null ? "see " : "did you mean " + close + "? See ") + command.name() + " --help.");
        }
        if (a.positional.size() > command.maxArguments()) {
            String arg = a.positional.get(command.maxArguments());
            String takes = command.maxArguments() == 0 ? "takes no arguments but was given '"
                    : "takes one argument, " + command.arguments() + ", but was also given '";
            throw new UsageException("The " + command.name() + " command " + takes + arg + "'; " + hint(command, arg));
        }
        return a;
    }

    /** {@code 127.0.0.1:9000}, {@code localhost:9000} or {@code [::1]:9000}. */
    private static final Pattern HOST_PORT = Pattern.compile("([0-9.]+|localhost|\\[[0-9A-Fa-f:.]+]):([0-9]{1,5})");

    /** What an unexpected positional argument probably meant. */
    static String hint(Command command, String arg) {
        if (arg.matches("[0-9]{1,5}") && command.has("--port")) {
            return "did you mean --port " + arg + "?";
        }
        if (arg.startsWith("-") && !arg.startsWith("--")) {
            return command.has("-" + arg) ? "did you mean -" + arg + "?"
                    : "options start with two dashes; see " + command.name() + " --help.";
        }
        if ((arg.startsWith("ws://") || arg.startsWith("wss://")) && !command.name().equals("client")) {
            return "to connect to a server, use the client command: client " + arg;
        }
        Matcher hostPort = HOST_PORT.matcher(arg);
        if (command.has("--host") && command.has("--port") && hostPort.matches()) {
            String host = hostPort.group(1).replace("[", "").replace("]", "");
            return "did you mean --host " + host + " --port " + hostPort.group(2) + "?";
        }
        if (command.has("--host") && arg.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*|localhost")) {
            return "did you mean --host " + arg + "?";
        }
        return "see " + command.name() + " --help.";
    }

    /** An option no command has; {@link #parse(String[], Command)} turns it into a message with a suggestion. */
    static final class UnknownOptionException extends UsageException {
        private static final long serialVersionUID = 1L;
        final String option;

        UnknownOptionException(String option) {
            super("Unknown option '" + option + "'; see --help.");
            this.option = option;
        }
    }

    /**
     * Parses {@code args}: names in {@code valued} take a value, names in {@code booleans} don't. {@code --} ends the
     * options.
     */
    static Args parse(String[] args, Set<String> valued, Set<String> booleans) {
        Args a = new Args();
        boolean optionsDone = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsDone || !arg.startsWith("--")) {
                a.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsDone = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (booleans.contains(name)) {
                if (value != null) {
                    throw new UsageException("The option " + name + " takes no value but was given '" + value + "'.");
                }
                a.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("The option " + name + " needs a value.");
                    }
                    value = args[++i];
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UnknownOptionException(name);
            }
        }
        return a;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last value given for {@code name}, or {@code fallback}. */
    String value(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    /** Every value given for a repeatable option, in order. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int intValue(String name, int min, int max, int fallback) {
        String v = value(name, null);
        return v == null ? fallback : parseInt(name, v, min, max);
    }

    long longValue(String name, long min, long max, long fallback) {
        String v = value(name, null);
        return v == null ? fallback : parseLong(name, v, min, max);
    }

    static int parseInt(String name, String v, int min, int max) {
        return (int) parseLong(name, v, min, max);
    }

    static long parseLong(String name, String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("The value of " + name + " must be a whole number but was '" + v + "'.");
        }
        if (n < min || n > max) {
            throw new UsageException("The value of " + name + " must be between " + min + " and " + max
                    + " but was " + n + ".");
        }
        return n;
    }
}
