package io.pipewright.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A wrong history setting stops start-up with a message naming the property. */
class HistoryPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

	@Test
	void daysAndTwoTimesOfDayBind() {
		// unset, half a year and no automatic cleanup: application.yaml sets the window
		context.run(started -> {
			HistoryProperties history = started.getBean(HistoryProperties.class);
			assertThat(history.days()).isEqualTo("P180D");
			assertThat(history.cleansUp()).isFalse();
		});
		context
			.withPropertyValues("pipewright.history.time-to-live=30d", "pipewright.history.cleanup-window-start=22:30",
					"pipewright.history.cleanup-window-end=04:00")
			.run(started -> {
				HistoryProperties history = started.getBean(HistoryProperties.class);
				assertThat(history.days()).isEqualTo("P30D");
				assertThat(history.cleansUp()).isTrue();
				assertThat(history.cleanupWindowStart()).isEqualTo("22:30");
			});
	}

	@Test
	void aTimeToLiveIsWholeDays() {
		context.withPropertyValues("pipewright.history.time-to-live=PT36H")
			.run(started -> assertFailure(started, "pipewright.history.time-to-live must be whole days"));
		context.withPropertyValues("pipewright.history.time-to-live=P0D")
			.run(started -> assertFailure(started, "timeToLive"));
	}

	@Test
	void theCleanupWindowIsTwoTimesOfDayOrNone() {
		context.withPropertyValues("pipewright.history.cleanup-window-start=01:00")
			.run(started -> assertFailure(started, "cleanup-window-start and cleanup-window-end must both be set"));
		context
			.withPropertyValues("pipewright.history.cleanup-window-start=1am",
					"pipewright.history.cleanup-window-end=05:00")
			.run(started -> assertFailure(started, "must be a time of day such as 01:00"));
	}

	private static void assertFailure(AssertableApplicationContext started, String message) {
		assertThat(started).hasFailed();
		assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(message);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HistoryProperties.class)
	static class Bound {

	}

}
