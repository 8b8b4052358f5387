# kernel-logger: the top-level entry points.
#
#   make demo     boot the test VM, load the module, log from Java threads, read it back
#   make test     every test the project has
#   make bench    benchmarks of every stage beside the alternatives (BENCHMARKS.md)
#   make install  the logger-reader command, its man pages and bash completion, and the kafka
#                 sink's plugin, under PREFIX (default /usr/local; DESTDIR is prepended, for
#                 packaging; install-reader and install-kafka install each alone)
#   make deb      the Debian packages logger-dkms and logger-reader, in build/deb/
#
# A fresh Debian machine needs nothing installed by hand: kernel/vm/prepare
# installs what is missing with apt-get and fetches the kernel the test VM
# boots (this machine's own kernel cannot load modules); for make test,
# reader/tests/prepare-engines installs the engines the forward sinks are
# tested against (rsyslog, systemd-journal-remote; Kafka comes from Maven).

SHELL := /bin/bash
VM := kernel/vm/run
MVN := mvn -B --no-transfer-progress
# The kernel the test VM boots; the module is built against its headers.
# Evaluated when used, after kernel/vm/prepare has installed them: it reads
# the ABI prepare recorded in build/vm/abi, so every step uses the same one.
VM_ABI = $(shell kernel/vm/prepare --print-abi)
KDIR = /lib/modules/$(VM_ABI)/build

.PHONY: all prepare module module-check java examples demo deb test test-vm-writers test-vm-reader \
	bench install install-reader install-kafka uninstall clean

PREFIX ?= /usr/local
# What the reader's build leaves (reader/pom.xml), and where make install puts it.
READER_BUILD := reader/target
READER_FILES := $(READER_BUILD)/logger-reader $(READER_BUILD)/logger-reader.jar \
	$(READER_BUILD)/logger-reader.bash $(READER_BUILD)/man/logger-reader.1 \
	$(READER_BUILD)/man/logger-reader-forward.conf.5
# The kafka sink, a plugin the reader finds in plugins/ beside its jar (reader-kafka/pom.xml).
KAFKA_PLUGIN := reader-kafka/target/logger-reader-kafka.jar
BINDIR := $(DESTDIR)$(PREFIX)/bin
JARDIR := $(DESTDIR)$(PREFIX)/share/logger-reader
PLUGINDIR := $(JARDIR)/plugins
COMPLETIONDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
MAN1DIR := $(DESTDIR)$(PREFIX)/share/man/man1
MAN5DIR := $(DESTDIR)$(PREFIX)/share/man/man5

all: module java examples

# Install what is missing (apt-get) and fetch the test VM's kernel.
prepare:
	kernel/vm/prepare >/dev/null

# logger.ko for the test VM's kernel.
module: prepare
	$(MAKE) -C kernel KDIR=$(KDIR)

# The same, failing on any warning under W=1 and sparse.
module-check: prepare
	$(MAKE) -C kernel check KDIR=$(KDIR)

# The Java parts (binding, appender, reader, demo producers), without running their tests.
java:
	$(MVN) -q install -DskipTests

# The C example (the pipeline's first form: pthreads, a mutex and two condition variables).
examples:
	$(MAKE) -C examples/c-producers

demo: module java
	$(VM) -- examples/demo

# With debhelper and dh-dkms (packaging/prepare installs them), checked by lintian.
deb: java
	packaging/build

# The module (W=1, sparse, unit tests, the device tests in the VM on two truly parallel
# CPUs), then the Java parts: unit tests here, and the tests that need /dev/logger in the VM, in
# two lanes (below); last the packages, installed here, with the device tests on their DKMS
# build in the VM.
test: module-check examples
	reader/tests/prepare-engines
	kernel/vm/test-prepare
	$(MAKE) -C kernel unit tests
	$(MAKE) -C examples/c-producers check
	$(VM) --no-module --tcg multi -- kernel/tests/run
	$(MVN) install
	reader/tests/install-test
	$(MAKE) --no-print-directory -j2 --output-sync=target test-vm-writers test-vm-reader
	packaging/build
	packaging/tests/run

# The Java tests in the VM, two VMs at a time: each runs its guest's two CPUs on one host thread
# (--tcg single, as the JVM's JIT needs), so one VM leaves the machine's second CPU idle. Each
# lane's output is shown once the lane ends. The writers' lane: the device binding, the Log4j2
# and Logback appenders, then the examples (the C producers, the demo, Spring Boot).
test-vm-writers:
	$(VM) --no-module -- kernel/vm/java-its device appender logback
	$(VM) -- examples/tests/run

# The reader's lane: its tests in the VM, then a log saved there read here, and the units of
# records in a boot with systemd.
test-vm-reader:
	$(VM) --no-module -- kernel/vm/java-its reader
	reader/tests/saved-log-test
	$(VM) --systemd -- reader/tests/units-test

# About half an hour; never fails on a result, only on a broken run.
bench: module java examples
	$(MAKE) -C bench/kernel
	bench/run

# The command runs the jar it finds beside it or in ../share/logger-reader/; the completion
# registers for the command's name, and bash-completion loads it from there on first use (it
# sources the file, which is no program: the #! line picocli writes is left out).
# Builds nothing: run make java (or make) first, as the user who builds.
install: install-reader install-kafka

install-reader:
	@for f in $(READER_FILES); do \
		[ -f "$$f" ] || { echo "make install: $$f is not built; run 'make java' first" >&2; exit 1; }; \
	done
	install -d $(BINDIR) $(JARDIR) $(COMPLETIONDIR) $(MAN1DIR) $(MAN5DIR)
	install -m 755 $(READER_BUILD)/logger-reader $(BINDIR)/logger-reader
	install -m 644 $(READER_BUILD)/logger-reader.jar $(JARDIR)/logger-reader.jar
	sed '1{/^#!/d}' $(READER_BUILD)/logger-reader.bash >$(COMPLETIONDIR)/logger-reader
	chmod 644 $(COMPLETIONDIR)/logger-reader
	install -m 644 $(READER_BUILD)/man/*.1 $(MAN1DIR)/
	install -m 644 $(READER_BUILD)/man/*.5 $(MAN5DIR)/

install-kafka:
	@[ -f $(KAFKA_PLUGIN) ] || { echo "make install: $(KAFKA_PLUGIN) is not built; run 'make java' first" >&2; exit 1; }
	install -d $(PLUGINDIR)
	install -m 644 $(KAFKA_PLUGIN) $(PLUGINDIR)/logger-reader-kafka.jar

uninstall:
	rm -f $(BINDIR)/logger-reader $(JARDIR)/logger-reader.jar $(COMPLETIONDIR)/logger-reader \
		$(MAN1DIR)/logger-reader.1 $(MAN1DIR)/logger-reader-*.1 $(MAN5DIR)/logger-reader-*.5 \
		$(PLUGINDIR)/logger-reader-kafka.jar
	-rmdir $(PLUGINDIR)
	-rmdir $(JARDIR)

clean:
	-$(MAKE) -C kernel clean KDIR=$(KDIR)
	-$(MVN) -q clean
	-$(MAKE) -C examples/c-producers clean
	-$(MAKE) -C bench/kernel clean
	-debian/rules clean >/dev/null 2>&1
	rm -rf build
