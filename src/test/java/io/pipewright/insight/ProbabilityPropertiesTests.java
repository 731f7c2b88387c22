package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The win probability's settings bind, and a wrong one stops start-up naming it. */
class ProbabilityPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ProbabilityProperties.class)
	static class Settings {

	}

	@Test
	void defaultsAndTheTeamsOwnSettingsBind() {
		context.run(started -> {
			ProbabilityProperties properties = started.getBean(ProbabilityProperties.class);
			assertThat(properties.priorStrength()).isEqualTo(5.0);
			assertThat(properties.minLeads()).isEqualTo(10);
			assertThat(properties.holdOut()).isEqualTo(0.2);
			assertThat(properties.recheck()).hasSeconds(30);
		});
		context
			.withPropertyValues("pipewright.insight.probability.prior-strength=2",
					"pipewright.insight.probability.min-leads=30", "pipewright.insight.probability.hold-out=0.3",
					"pipewright.insight.probability.recheck=2m")
			.run(started -> {
				ProbabilityProperties properties = started.getBean(ProbabilityProperties.class);
				assertThat(properties.priorStrength()).isEqualTo(2.0);
				assertThat(properties.minLeads()).isEqualTo(30);
				assertThat(properties.holdOut()).isEqualTo(0.3);
				assertThat(properties.recheck()).hasMinutes(2);
			});
	}

	@Test
	void aHoldOutOfAllLeadsStopsStartUpNamingTheProperty() {
		context.withPropertyValues("pipewright.insight.probability.hold-out=1").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).hasStackTraceContaining("pipewright.insight.probability")
				.hasStackTraceContaining("holdOut");
		});
	}

}
