package io.github.kernellogger.reader.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The machinery of the man pages: what a command's classes say passes into AsciiDoc as written,
 * and a page's hand-written sections are all there. The pages themselves are rendered with man -l
 * by reader/tests/install-test.
 */
class ManualPagesTest {

    @Test
    void textPassesThroughAsWritten() {
        assertEquals("+++'*' matches any run (com.acme.*) -- _PID...+++", AsciiDoc.text("'*' matches any run (com.acme.*) -- _PID..."));
        assertEquals("+++a+++{plus}{plus}{plus}+++b+++", AsciiDoc.text("a+++b"), "a +++ would end the passthrough");
        assertEquals("line one\nline two 50%", AsciiDoc.format("line one%nline two 50%%"));
        assertEquals("Read the log", AsciiDoc.plain("Read the log"));
        assertThrows(IllegalStateException.class, () -> AsciiDoc.plain("every *tag*"));
    }

    @Test
    void everyPageHasItsHandWrittenSections() {
        Path from = Path.of("x.adoc");
        Map<String, String> s = ManualPages.sections("// a comment\n== Description\n\nMore.\n\n== Examples\n\n....\nx\n....\n"
                + "== Files\n\nf\n== Environment\n\ne\n== See also\n\n*x*(1)\n", from);
        assertEquals("More.", s.get("Description"));
        assertEquals("....\nx\n....", s.get("Examples"));
        assertEquals("x.adoc: '== Environment' is missing: every page has it", assertThrows(IllegalStateException.class,
                () -> ManualPages.sections("== Examples\nx\n== Files\nf\n== See also\ns\n", from)).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> ManualPages.sections("== Bugs\nb\n", from)).getMessage()
                .startsWith("x.adoc: '== Bugs' is no section a page adds to"));
    }
}
