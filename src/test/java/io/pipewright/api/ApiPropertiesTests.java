package io.pipewright.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The API's input limits bind and check as the server starts, naming a wrong property.
 */
class ApiPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ApiProperties.class)
	static class Settings {

	}

	@Test
	void withNothingSetARequestMayCarryOneMegabyteOfJsonSixtyFourLevelsDeep() {
		context.run(started -> {
			ApiProperties properties = started.getBean(ApiProperties.class);
			assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.maxRequestSizeText()).isEqualTo("1MB");
			assertThat(properties.maxJsonDepth()).isEqualTo(64);
			assertThat(properties.maxJsonStringLength()).isEqualTo(100_000);
			assertThat(properties.maxJsonNumberLength()).isEqualTo(100);
		});
	}

	@Test
	void theLimitsBindAsWritten() {
		context
			.withPropertyValues("pipewright.api.max-request-size=256KB", "pipewright.api.max-json-depth=32",
					"pipewright.api.max-json-string-length=20000", "pipewright.api.max-json-number-length=40")
			.run(started -> {
				ApiProperties properties = started.getBean(ApiProperties.class);
				assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofKilobytes(256));
				assertThat(properties.maxRequestSizeText()).isEqualTo("256KB");
				assertThat(properties.maxJsonDepth()).isEqualTo(32);
				assertThat(properties.maxJsonStringLength()).isEqualTo(20_000);
				assertThat(properties.maxJsonNumberLength()).isEqualTo(40);
			});
		context.withPropertyValues("pipewright.api.max-request-size=1500B")
			.run(started -> assertThat(started.getBean(ApiProperties.class).maxRequestSizeText()).isEqualTo("1500B"));
	}

	@Test
	void aRequestSizeOutsideOneKilobyteToOneHundredMegabytesStopsStartUp() {
		for (String size : new String[] { "100B", "1GB" }) {
			context.withPropertyValues("pipewright.api.max-request-size=" + size).run(started -> {
				assertThat(started).hasFailed();
				assertThat(started.getStartupFailure()).hasMessageContaining("pipewright.api")
					.rootCause()
					.hasMessageContaining("maxRequestSize");
			});
		}
	}

	@Test
	void aJsonDepthOutsideEightToAThousandStopsStartUp() {
		context.withPropertyValues("pipewright.api.max-json-depth=2").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("maxJsonDepth");
		});
	}

}
