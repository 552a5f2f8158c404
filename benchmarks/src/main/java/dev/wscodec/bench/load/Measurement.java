package dev.wscodec.bench.load;

import java.util.Locale;

/** Counters over a measured interval: messages, bytes, server and generator CPU time, latency percentiles. */
final class Measurement {

    private final long messages0;
    private final long bytes0;
    private final long serverCpu0;
    private final long selfCpu0;
    private final long start;

    long messages;
    long payloadBytes;
    double seconds;
    double serverCpuSeconds;
    double generatorCpuSeconds;
    double p50Micros;
    double p99Micros;
    double p999Micros;
    double maxMicros;

    private Measurement(Driver d, String serverPid, long now) {
        messages0 = d.messages;
        bytes0 = d.payloadBytes;
        serverCpu0 = Proc.cpuNanos(serverPid);
        selfCpu0 = Proc.cpuNanos("self");
        start = now;
    }

    static Measurement begin(Driver d, String serverPid, long now) {
        return new Measurement(d, serverPid, now);
    }

    Measurement end(Driver d, String serverPid, long now) {
        messages = d.messages - messages0;
        payloadBytes = d.payloadBytes - bytes0;
        seconds = (now - start) / 1e9;
        serverCpuSeconds = (Proc.cpuNanos(serverPid) - serverCpu0) / 1e9;
        generatorCpuSeconds = (Proc.cpuNanos("self") - selfCpu0) / 1e9;
        p50Micros = d.latency.getValueAtPercentile(50) / 1e3;
        p99Micros = d.latency.getValueAtPercentile(99) / 1e3;
        p999Micros = d.latency.getValueAtPercentile(99.9) / 1e3;
        maxMicros = d.latency.getMaxValue() / 1e3;
        return this;
    }

    /** {@code key=value} pairs for the report script. */
    String format() {
        double msgsPerSecond = messages / seconds;
        return String.format(Locale.ROOT,
                "msgs=%d seconds=%.3f msgs_per_s=%.1f mb_per_s=%.3f server_cpu_s=%.3f server_util=%.3f "
                        + "msgs_per_server_cpu_s=%.1f mb_per_server_cpu_s=%.3f gen_cpu_s=%.3f gen_util=%.3f "
                        + "p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f",
                messages, seconds, msgsPerSecond, payloadBytes / seconds / 1e6, serverCpuSeconds,
                serverCpuSeconds / seconds, messages / Math.max(serverCpuSeconds, 1e-9),
                payloadBytes / Math.max(serverCpuSeconds, 1e-9) / 1e6, generatorCpuSeconds,
                generatorCpuSeconds / seconds, p50Micros, p99Micros, p999Micros, maxMicros);
    }
}
