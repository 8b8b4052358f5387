package io.github.kernellogger.examples.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that logs as any does, through SLF4J into Boot's Logback, whose
 * logback-spring.xml adds the kernel device: Boot's own startup records, then a few of its own
 * (with the MDC, a key-value pair, an exception), and it ends; Boot stops Logback on the way out,
 * which writes what is queued.
 */
@SpringBootApplication
public class PaymentsApplication {
    private static final Logger log = LoggerFactory.getLogger(PaymentsApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(PaymentsApplication.class, args).close();
    }

    @Bean
    CommandLineRunner takePayments() {
        return args -> {
            MDC.put("request_id", "r-42");
            try {
                log.atInfo().addKeyValue("order", 42).log("payment accepted");
                log.error("card declined", new IllegalStateException("insufficient funds"));
            } finally {
                MDC.clear();
            }
        };
    }
}
