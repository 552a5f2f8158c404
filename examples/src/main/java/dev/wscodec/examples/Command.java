package dev.wscodec.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * One command of the jar: its name, what it does, its options (the table its {@code --help} prints and its
 * command line is parsed with) and what runs it. The commands themselves are listed in {@link Commands}.
 *
 * @param name        the word that selects it, e.g. {@code echo}
 * @param summary     what it does, one or more lines without trailing newline
 * @param arguments   the positional arguments in usage form, e.g. {@code URL}; empty for none
 * @param maxArguments how many positional arguments it takes at most
 * @param options     its options in the order {@code --help} lists them
 * @param runner      runs it
 */
record Command(String name, String summary, String arguments, int maxArguments, List<Option> options,
               Runner runner) {

    /** Column where an option's help text starts in the help output. */
    private static final int HELP_COLUMN = 24;

    /** Runs a command whose command line was parsed; returns the exit code (servers block until stopped). */
    @FunctionalInterface
    interface Runner {
        int run(Args args, PrintStream out, PrintStream err) throws Exception;
    }

    /**
     * An option: {@code --name VALUE} when {@code value} names the value (e.g. {@code P}), or a flag when it is
     * {@code null}.
     */
    record Option(String name, String value, String help) {

        static Option flag(String name, String help) {
            return new Option(name, null, help);
        }

        static Option valued(String name, String value, String help) {
            return new Option(name, value, help);
        }

        boolean takesValue() {
            return value != null;
        }

        /** {@code --port P} or {@code --no-deflate}. */
        String usage() {
            return value == null ? name : name + " " + value;
        }
    }

    Command {
        options = List.copyOf(options);
    }

    /** Whether the command has an option of this name. */
    boolean has(String option) {
        return option(option) != null;
    }

    /** The option of this name, or {@code null}. */
    Option option(String name) {
        for (Option o : options) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** Parses a command line for this command; see {@link Args#parse(String[], Command)}. */
    Args parse(String[] args) {
        return Args.parse(args, this);
    }

    /** The text {@code COMMAND --help} prints: usage, summary, this command's options only. */
    String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -jar wscodec-examples.jar ").append(name).append(" [OPTIONS]");
        if (!arguments.isEmpty()) {
            sb.append(' ').append(arguments);
        }
        sb.append("\n\n").append(summary).append("\n\nOptions:\n");
        appendOptions(sb, "  ");
        appendOption(sb, "  ", "--help", "show this text");
        return sb.toString();
    }

    /** The options as indented lines, {@code --name VALUE} then the help text in a column. */
    void appendOptions(StringBuilder sb, String indent) {
        for (Option o : options) {
            appendOption(sb, indent, o.usage(), o.help());
        }
    }

    private static void appendOption(StringBuilder sb, String indent, String usage, String help) {
        sb.append(indent).append(usage);
        int pad = HELP_COLUMN - usage.length();
        if (pad < 2) {
            sb.append('\n').append(indent);
            pad = HELP_COLUMN;
        }
        sb.append(" ".repeat(pad));
        // A help text of several lines continues in the same column.
        sb.append(help.replace("\n", "\n" + indent + " ".repeat(HELP_COLUMN))).append('\n');
    }

    /** The closest of {@code candidates} to {@code typed} when it is a likely typo (edit distance 1-2), or null. */
    static String closest(String typed, Iterable<String> candidates) {
        String best = null;
        int bestDistance = 3;
        String t = typed.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance (edits: insert, delete, replace one character). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(replace, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
