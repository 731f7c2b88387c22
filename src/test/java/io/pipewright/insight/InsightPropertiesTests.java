package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The insight settings bind and check as the server starts, naming a wrong property. */
class InsightPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(InsightProperties.class)
	static class Settings {

	}

	@Test
	void withNothingSetTheWeekIsOslosAndThinHistoryTakesOneInTwo() {
		context.run(started -> {
			InsightProperties properties = started.getBean(InsightProperties.class);
			assertThat(properties.zone()).isEqualTo(ZoneId.of("Europe/Oslo"));
			assertThat(properties.minMeasured()).isEqualTo(10);
			assertThat(properties.defaultHitRate()).isEqualByComparingTo("0.5");
		});
	}

	@Test
	void theTeamsOwnSettingsBind() {
		context
			.withPropertyValues("pipewright.insight.zone=Europe/Stockholm", "pipewright.insight.min-measured=30",
					"pipewright.insight.default-hit-rate=0.25")
			.run(started -> {
				InsightProperties properties = started.getBean(InsightProperties.class);
				assertThat(properties.zone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
				assertThat(properties.minMeasured()).isEqualTo(30);
				assertThat(properties.defaultHitRate()).isEqualTo(new BigDecimal("0.25"));
			});
	}

	@Test
	void anUnknownZoneStopsStartUpNamingTheProperty() {
		context.withPropertyValues("pipewright.insight.zone=Europe/Atlantis").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).hasMessageContaining("pipewright.insight");
		});
	}

	@Test
	void aDefaultHitRateOutsideZeroToOneStopsStartUp() {
		context.withPropertyValues("pipewright.insight.default-hit-rate=1.5").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("defaultHitRate");
		});
		context.withPropertyValues("pipewright.insight.default-hit-rate=0")
			.run(started -> assertThat(started).hasFailed());
	}

	@Test
	void aMinimumBelowOneStopsStartUp() {
		context.withPropertyValues("pipewright.insight.min-measured=0").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("minMeasured");
		});
	}

}
