/**
 * The man pages of logger-reader, made by the build: {@link
 * io.github.kernellogger.reader.manual.ManualPages} writes the AsciiDoc of a page per command from
 * the command model (what --help says too) and from the sections only a page has, in
 * {@code reader/src/main/manual/}; Asciidoctor's manpage backend makes troff of it (reader/pom.xml).
 * Nothing here runs when the command does.
 */
package io.github.kernellogger.reader.manual;
