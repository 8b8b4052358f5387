/**
 * The real engines that {@code logger-reader forward}'s sinks are tested against, each run
 * unmodified as a child process on 127.0.0.1 by a harness: Debian's rsyslogd ({@link
 * io.github.kernellogger.reader.forward.engines.Rsyslog}), a Kafka broker from Maven Central
 * ({@link io.github.kernellogger.reader.forward.engines.KafkaBroker}) and Debian's
 * systemd-journal-remote ({@link io.github.kernellogger.reader.forward.engines.JournalRemote}).
 * {@code reader/tests/prepare-engines} installs the Debian packages (make test runs it); Maven
 * brings Kafka. The {@code *Test} classes beside the harnesses prove each one against its engine.
 *
 * <h2>The harnesses</h2>
 * Plain {@link java.lang.AutoCloseable} fixtures: hold one in a static field between
 * {@code @BeforeAll} and {@code @AfterAll} (an engine takes from 0.1 s, rsyslogd, to 5 s, the
 * broker, to start) or in try-with-resources. Each has its own temporary folder (deleted by
 * {@code close()}; {@code -Dkernellogger.engines.keep=true} keeps it, to look at after a failure)
 * and free ports picked when it is built, which stay its ports for its life.
 * <pre>{@code
 * Rsyslog r = Rsyslog.builder()                     // built: ports picked, config checked, not running
 *         .tls(Rsyslog.Tls.SERVER)                  // NONE (default), SERVER (gtls "anon"), MUTUAL (x509/certvalid)
 *         .maxMessageSize(8192)                     // rsyslog's default
 *         .escapeControlCharacters(true)            // rsyslog's default: LF arrives as #012
 *         .build();                                 // or .start() = build().start()
 * r.port(); r.tlsPort(); r.certificates()           // TestCertificates: caCertificate(), trustStore(), clientKeyStore(), clientContext(bool)
 * r.start(); r.stop(); r.kill(); r.isRunning()
 * List<SyslogMessage> got = r.awaitReceived(n);     // or received(): what is in the file now, over every run
 * got.get(0).appName(); procId(); msgId(); structuredData(); sdParam("id@32473", "name"); msg(); listener()
 * r.internalLog()                                   // rsyslogd's own messages
 *
 * KafkaBroker k = KafkaBroker.builder().build();    // .jvmOptions(...), .property(name, value)
 * k.start(); k.createTopic("logs");                 // one partition, one replica
 * new KafkaProducer<String, String>(k.producerConfig());   // bootstrap, acks=all, idempotence, String serdes
 * k.awaitRecords("logs", n); k.records("logs")      // ConsumerRecords, read_committed, from offset 0
 * k.stop(); k.kill(); k.start(); k.bootstrapServers(); k.logTail()
 *
 * JournalRemote j = JournalRemote.create();         // nothing runs yet
 * FeedReport f = j.feed(exportBytes);               // journal-remote on stdin; f.entriesWritten(), f.stderr()
 * try (Feed feed = j.startFeed()) { feed.input() ... feed.finish(); }   // streaming into stdin
 * j.start(); j.port(); j.kill(); j.stop()           // or as a server: --listen-raw=127.0.0.1:PORT
 * List<JournalEntry> e = j.awaitEntries(n);         // or entries(); e.get(0).text("MESSAGE"), bytes(..), texts(..)
 * }</pre>
 *
 * <h2>Faults</h2>
 * <ul>
 *   <li><b>Sink down at start</b>: {@code build()} (or {@code JournalRemote.create()}), point the
 *       forwarder at {@code port()}, let it try (the port refuses: {@link java.net.ConnectException}),
 *       then {@code start()}.</li>
 *   <li><b>Killed and restarted mid-run</b>: {@code kill()} (SIGKILL; returns once the process is
 *       gone and its ports are closed), then {@code start()}: the same ports, the same output file
 *       or data (rsyslog appends to its file, the broker keeps its log, journal-remote starts a new
 *       journal file beside the unclean one and {@code entries()} reads both). {@code stop()} is the
 *       clean end (SIGTERM), for a planned restart.</li>
 *   <li>Every engine is started as {@code setpriv --pdeathsig KILL -- ...} from one long-lived
 *       thread, and a shutdown hook kills what is still alive: no engine outlives the test JVM,
 *       even one killed with SIGKILL (EngineProcessTest). The kernel sends that signal when the
 *       thread that forked the child ends, which is why one thread forks them all: an engine may
 *       be started from any thread, a {@code @Timeout(SEPARATE_THREAD)} test's included.</li>
 * </ul>
 *
 * <h2>What the engines do, as seen here (rsyslog 8.2302.0, Kafka 4.4.0, systemd 252)</h2>
 * <b>rsyslog, RFC 5424 over TCP</b> (RsyslogTest, unless said otherwise):
 * <ul>
 *   <li>Octet counting: {@code LEN SP MSG}, LEN the UTF-8 byte count of the message; one write may
 *       carry several frames, and a frame may carry LF. rsyslog tells the framing by the first
 *       byte (a digit), on the same port as LF framing.</li>
 *   <li>Nil fields ({@code -}) are reported as {@code "-"}; a nil TIMESTAMP as the time of receipt.
 *       The TIMESTAMP is reported as sent ({@code 2024-05-06T07:08:09.123456Z}).</li>
 *   <li>The structured-data property is the SD as sent, escapes intact; mmpstrucdata (which
 *       {@link io.github.kernellogger.reader.forward.engines.SyslogMessage#sdElements()} is)
 *       resolves {@code \"}, {@code \\} and {@code \]}, keeps a backslash before any other
 *       character (RFC 5424 6.3.3), keeps the case of SD-IDs (the harness sets
 *       {@code sd_name.lowercase="off"}; rsyslog's default lowercases them) and of PARAM-NAMEs,
 *       and keeps the last value of a repeated PARAM-NAME. A PARAM-NAME of 33 characters (over
 *       SD-NAME's 32) makes it reject the whole SD ({@code structuredDataUnderstood()} false)
 *       while rsyslog still takes the message. By hand: an unquoted value is rejected the same way;
 *       an unescaped {@code ]} inside a quoted value was accepted (other receivers differ:
 *       escape it); a missing SP between the SD and MSG makes rsyslog cut the SD in the wrong
 *       place.</li>
 *   <li>rsyslog's RFC 5424 parser does not enforce the header's limits (by hand: an APP-NAME of
 *       49 characters, a MSGID of 33 and a non-ASCII APP-NAME all arrive as sent): these tests
 *       cannot catch a sink that breaks them, so its own unit tests must (APP-NAME at most 48
 *       printable US-ASCII, PROCID 128, MSGID 32, HOSTNAME 255, SD-NAME 32, SD-NAME without
 *       {@code = ] "} or space). A PRI over 191 is not RFC 5424 at all: the legacy parser takes
 *       it, version reads "0" and the header fields are nil.</li>
 *   <li>A UTF-8 BOM before MSG stays in the msg property, so in every file rsyslog writes: a sink
 *       that sends one puts it in front of every line.</li>
 *   <li>Control characters are escaped on receipt ({@code #012} for LF, {@code #011} for TAB, also
 *       inside SD values, {@code #001}), unless the receiver turns that off, as
 *       {@code escapeControlCharacters(false)} does; then they arrive as sent.</li>
 *   <li>maxMessageSize (default 8192 bytes): a longer message is cut after maxMessageSize bytes,
 *       header included, and the rest of its frame is taken for a message of its own (a
 *       second, headerless message), with "received oversize message" in the internal log. A sink
 *       must keep each message within the receiver's limit itself (make the limit configurable,
 *       8192 by default).</li>
 *   <li>rsyslog never writes to a client. Killed, its connections end: a read on the client's
 *       socket meets the end of the stream or a reset, never a byte, so a sink can tell a dead
 *       connection before it writes. A write after the receiver died can still succeed (by hand:
 *       the first write after the kill returned normally, its bytes lost; the next failed with
 *       "Broken pipe"), and bytes rsyslogd had not read when it was killed are gone: plain TCP has no acknowledgement of what the receiver processed.
 *       With the harness's configuration everything rsyslogd read is in its file before it
 *       reads more, so a fault test sees exactly what a sink lost; "nothing lost" across a
 *       SIGKILL needs the sink to send again what it wrote since the last point it knows was
 *       received (duplicates are allowed; the record's load id and seq in the SD tell them).</li>
 *   <li>TLS (gtls): TLS 1.3 with Java 17. Java's SSLSocket checks no host name unless asked
 *       ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}); the test server
 *       certificate is for IP 127.0.0.1 and DNS localhost. Under {@code Tls.MUTUAL} a client
 *       without a certificate completes its side of the handshake (TLS 1.3), its first write
 *       succeeds, and its next read meets the refusal; rsyslog logs "peer did not provide a
 *       certificate, not permitted to talk to it".</li>
 * </ul>
 * <b>Kafka</b> (KafkaBrokerTest): a broker starts in about 5 s here; a broker killed with SIGKILL
 * is ready again in about 8 s (it waits for the controller to end its old registration,
 * broker.session.timeout.ms, which the harness sets to 4 s). Topics are not auto-created:
 * {@code createTopic} first. While the producer has no metadata for its topic (the broker down
 * at start, or no such topic) {@code send()} itself blocks, up to max.block.ms (60 s by default),
 * so a sink must not call it on a thread that must not block; then (by hand) it returns a future
 * failed with TimeoutException "Topic T not present in metadata after N ms". Once it has metadata, a record sent
 * while the broker is down waits in the producer and is written once the broker is back, within
 * delivery.timeout.ms (120 s by default; after that its future fails and the sink must send it
 * again). One idempotent producer lived through the broker's SIGKILL and restart: its records
 * took offsets 0, 1, 2, none twice.
 *
 * <p><b>systemd-journal-remote</b> (JournalRemoteTest, unless said otherwise): the binary is
 * {@code /lib/systemd/systemd-journal-remote}; {@code --output} must end in {@code .journal},
 * and the network modes need {@code --split-mode=none} for a single file (their default, host,
 * wants a folder). The export format:
 * <ul>
 *   <li>{@code NAME=value} and LF for a value that is one line of text; for any other value
 *       (LF, NUL, bytes that are not UTF-8; any value may use it) NAME, LF, the value's length as
 *       a 64-bit little-endian integer, the bytes, LF. An empty line ends each entry; an entry
 *       that no empty line ends is lost when the stream ends ("Premature EOF").</li>
 *   <li>Field names: A-Z, 0-9 and {@code _}, not starting with a digit, at most 64 characters.
 *       Other names are dropped silently, the rest of the entry kept. Fields starting with
 *       {@code _} (trusted fields, such as {@code _PID}) are kept as sent: journal-remote trusts
 *       its sender. A field given twice keeps both values.</li>
 *   <li>{@code __REALTIME_TIMESTAMP} (microseconds since the epoch) is required: the first entry
 *       of a stream without it is dropped ("Entry is invalid, ignoring."). By hand: a later entry
 *       without it silently takes the previous entry's, and so do {@code _BOOT_ID} and
 *       {@code __MONOTONIC_TIMESTAMP} (all zero when never sent); a {@code __REALTIME_TIMESTAMP}
 *       that is not a number drops the rest of the stream; {@code __CURSOR} is ignored. So a sink
 *       sends {@code __REALTIME_TIMESTAMP} in every entry.</li>
 *   <li>Its exit status is 0 whatever it dropped; only stderr says so, ending with "Finishing
 *       after writing N entries" ({@code FeedReport}).</li>
 *   <li>journalctl {@code -o json} shows a value that is not printable UTF-8 as an array of byte
 *       values, several values of a field as an array, and (by hand) a value over 4096 bytes as
 *       null unless {@code --all} is given, as {@code entries()} does.</li>
 * </ul>
 */
package io.github.kernellogger.reader.forward.engines;
