package io.github.kernellogger.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core is what every adapter shares, so it knows none of them: no class of Log4j, Logback
 * or SLF4J, which would drag one framework into the other's applications (as ecs-logging-java's
 * core knows none of its adapters).
 */
@AnalyzeClasses(packages = "io.github.kernellogger.core", importOptions = ImportOption.DoNotIncludeTests.class)
class FrameworkFreeTest {

    @ArchTest
    static final ArchRule knowsNoLoggingFramework = noClasses()
            .that().resideInAPackage("io.github.kernellogger.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.logging..", "ch.qos.logback..", "org.slf4j..")
            .because("the core is shared by the Log4j2 and Logback adapters; each adapter "
                    + "translates its framework's event and status into the core's terms");

    @ArchTest
    static final ArchRule knowsNoAdapter = noClasses()
            .that().resideInAPackage("io.github.kernellogger.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.github.kernellogger.appender..", "io.github.kernellogger.logback..")
            .because("adapters depend on the core, never the other way");
}
