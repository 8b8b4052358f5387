package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.device.SyslogLevel;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

class LevelMappingTest {

    @Test
    void standardLevels() {
        assertEquals(SyslogLevel.ALERT, LevelMapping.toSyslog(Level.FATAL));
        assertEquals(SyslogLevel.ERR, LevelMapping.toSyslog(Level.ERROR));
        assertEquals(SyslogLevel.WARNING, LevelMapping.toSyslog(Level.WARN));
        assertEquals(SyslogLevel.INFO, LevelMapping.toSyslog(Level.INFO));
        assertEquals(SyslogLevel.DEBUG, LevelMapping.toSyslog(Level.DEBUG));
        assertEquals(SyslogLevel.DEBUG, LevelMapping.toSyslog(Level.TRACE));
    }

    @Test
    void customLevelsTakeTheNearestStandardOneAndTheMoreSevereOnATie() {
        assertEquals(SyslogLevel.WARNING, LevelMapping.toSyslog(Level.forName("NOTICE_TEST", 350)));
        assertEquals(SyslogLevel.INFO, LevelMapping.toSyslog(Level.forName("DETAIL_TEST", 420)));
        assertEquals(SyslogLevel.ERR, LevelMapping.toSyslog(Level.forName("SEVERE_TEST", 230)));
        assertEquals(SyslogLevel.DEBUG, LevelMapping.toSyslog(Level.forName("VERBOSE_TEST", 550)));
        assertEquals(SyslogLevel.ALERT, LevelMapping.toSyslog(Level.OFF));
        assertEquals(SyslogLevel.DEBUG, LevelMapping.toSyslog(Level.ALL));
    }
}
