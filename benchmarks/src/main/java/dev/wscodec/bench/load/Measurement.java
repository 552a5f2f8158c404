package dev.wscodec.bench.load;

import java.util.Locale;

/**
 * Counters over a measured interval: messages, bytes, server and generator CPU time, the time their threads waited
 * for a CPU, the heap the server allocated (JVM servers, through their control port), latency percentiles.
 */
final class Measurement {

    private final long messages0;
    private final long bytes0;
    private final long serverCpu0;
    private final long selfCpu0;
    private final long serverRunq0;
    private final long selfRunq0;
    private final long alloc0;
    private final long start;

    long messages;
    long payloadBytes;
    double seconds;
    double serverCpuSeconds;
    double generatorCpuSeconds;
    double serverRunqMillis;
    double generatorRunqMillis;
    /** Server heap bytes allocated per message, or -1 where the server does not report allocation. */
    double allocPerMessage = -1;
    double p50Micros;
    double p90Micros;
    double p99Micros;
    double p999Micros;
    double maxMicros;

    private Measurement(Driver d, String serverPid, long now) {
        messages0 = d.messages;
        bytes0 = d.payloadBytes;
        serverCpu0 = Proc.cpuNanos(serverPid);
        selfCpu0 = Proc.cpuNanos("self");
        serverRunq0 = Proc.runQueueNanos(serverPid);
        selfRunq0 = Proc.runQueueNanos("self");
        alloc0 = d.controlPort > 0 ? allocated(d.controlPort) : -1;
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
        serverRunqMillis = (Proc.runQueueNanos(serverPid) - serverRunq0) / 1e6;
        generatorRunqMillis = (Proc.runQueueNanos("self") - selfRunq0) / 1e6;
        if (alloc0 >= 0 && messages > 0) {
            long alloc1 = allocated(d.controlPort);
            allocPerMessage = alloc1 < 0 ? -1 : (double) (alloc1 - alloc0) / messages;
        }
        p50Micros = d.latency.getValueAtPercentile(50) / 1e3;
        p90Micros = d.latency.getValueAtPercentile(90) / 1e3;
        p99Micros = d.latency.getValueAtPercentile(99) / 1e3;
        p999Micros = d.latency.getValueAtPercentile(99.9) / 1e3;
        maxMicros = d.latency.getMaxValue() / 1e3;
        return this;
    }

    private static long allocated(int controlPort) {
        String answer = Proc.controlOrNull(controlPort, "alloc");
        return answer == null ? -1 : Proc.field(answer, "alloc");
    }

    /** {@code key=value} pairs for the report script. */
    String format() {
        double msgsPerSecond = messages / seconds;
        return String.format(Locale.ROOT,
                "msgs=%d seconds=%.3f msgs_per_s=%.1f mb_per_s=%.3f server_cpu_s=%.3f server_util=%.3f "
                        + "msgs_per_server_cpu_s=%.1f mb_per_server_cpu_s=%.3f gen_cpu_s=%.3f gen_util=%.3f "
                        + "server_runq_ms=%.1f gen_runq_ms=%.1f alloc_per_msg=%.1f "
                        + "p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f",
                messages, seconds, msgsPerSecond, payloadBytes / seconds / 1e6, serverCpuSeconds,
                serverCpuSeconds / seconds, messages / Math.max(serverCpuSeconds, 1e-9),
                payloadBytes / Math.max(serverCpuSeconds, 1e-9) / 1e6, generatorCpuSeconds,
                generatorCpuSeconds / seconds, serverRunqMillis, generatorRunqMillis, allocPerMessage,
                p50Micros, p90Micros, p99Micros, p999Micros, maxMicros);
    }
}
