package io.clickstream.local.process;

/** How the launcher names a child's exit code in what it prints. */
public final class ExitCodes {

    private ExitCodes() {}

    /** An exit code, with the signal it stands for when above 128 (as a shell reports a signalled child). */
    public static String describe(int exitCode) {
        return switch (exitCode) {
            case 137 -> "exit code 137 (SIGKILL: killed, e.g. by the kernel's OOM killer or kill -9)";
            case 143 -> "exit code 143 (SIGTERM)";
            case 134 -> "exit code 134 (SIGABRT: the JVM aborted, see hs_err_pid*.log)";
            default ->
                exitCode > 128
                        ? "exit code " + exitCode + " (signal " + (exitCode - 128) + ")"
                        : "exit code " + exitCode;
        };
    }
}
