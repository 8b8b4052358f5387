package io.github.kernellogger.reader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.github.kernellogger.reader.command.MainCommand;
import io.github.kernellogger.reader.command.Streams;
import picocli.CommandLine.Command;

/**
 * The shape of JUnit's console launcher, kept: one entry point that alone ends the process,
 * commands that get their streams handed to them, and packages that depend one way only
 * (command on read, output and forward; forward and output on read; read on neither).
 */
@AnalyzeClasses(packages = "io.github.kernellogger.reader", importOptions = ImportOption.DoNotIncludeTests.class)
class ShapeTest {

    @ArchTest
    static final ArchRule onlyMainEndsTheProcess = noClasses()
            .that().doNotBelongToAnyOf(LoggerReader.class)
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .because("LoggerReader.main is the one place that turns an outcome into the process's exit");

    @ArchTest
    static final ArchRule onlyTheSignalHookHalts = noClasses()
            .that().doNotBelongToAnyOf(MainCommand.class).and().doNotHaveSimpleName("ForwardCommand")
            .should().callMethod(Runtime.class, "halt", int.class)
            .because("only the shutdown hooks of a follow and of forward may end the JVM, after a clean stop");

    @ArchTest
    static final ArchRule commandsGetTheirStreamsHanded = noClasses()
            .that().doNotBelongToAnyOf(LoggerReader.class, Streams.class)
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("tests run every command in-process with streams of their own");

    @ArchTest
    static final ArchRule commandsAreNamedSoAndLiveTogether = classes()
            .that().areAnnotatedWith(Command.class)
            .should().haveSimpleNameEndingWith("Command")
            .andShould().resideInAPackage("..reader.command");

    @ArchTest
    static final ArchRule readingKnowsNoFormatNorCommand = noClasses()
            .that().resideInAPackage("..reader.read..")
            .should().dependOnClassesThat().resideInAnyPackage("..reader.output..", "..reader.command..");

    @ArchTest
    static final ArchRule formatsKnowNoCommand = noClasses()
            .that().resideInAPackage("..reader.output..")
            .should().dependOnClassesThat().resideInAnyPackage("..reader.command..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.github.kernellogger.reader.(*)..")
            .should().beFreeOfCycles();
}
