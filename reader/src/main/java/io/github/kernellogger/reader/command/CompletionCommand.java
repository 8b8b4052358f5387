package io.github.kernellogger.reader.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code logger-reader generate-completion}: prints the bash completion ({@link BashCompletion}),
 * for a shell without bash-completion: {@code source <(logger-reader generate-completion)}.
 */
@Command(name = "generate-completion", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        header = "Print the bash completion script of logger-reader.",
        description = "Print the bash completion script, which completes the options, the commands, the "
                + "values of -o, --color and -p, and what the log holds: the field names and values, tags, units "
                + "and containers of its records (it asks logger-reader -N and -F). make install and the package "
                + "install it for bash-completion; without it: source <(logger-reader generate-completion).",
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.OK_TEXT, ExitCode.ERROR_TEXT, ExitCode.USAGE_TEXT})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final StandardOutput out;

    CompletionCommand(Streams streams) {
        this.out = streams.out();
    }

    @Override
    public Integer call() throws Exception {
        out.print(BashCompletion.script(spec.root().commandLine()));
        out.flush();
        return ExitCode.OK;
    }
}
