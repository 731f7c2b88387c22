package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The MailChimp settings bind and check as the server starts: a key that names no data
 * centre stops start-up, naming the property and never quoting the key.
 */
class MailChimpPropertiesTests {

	// built at run time: a key-shaped literal in the sources would read as a leaked
	// secret
	private static final String HEX = "0123456789abcdef".repeat(2);

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MailChimpProperties.class)
	static class Settings {

	}

	@Test
	void theBaseUrlFollowsTheKeysDataCentre() {
		context.withPropertyValues("pipewright.mailchimp.api-key=" + HEX + "-us6").run(started -> {
			MailChimpProperties properties = started.getBean(MailChimpProperties.class);
			assertThat(properties.enabled()).isTrue();
			assertThat(properties.baseUrl()).isEqualTo(URI.create("https://us6.api.mailchimp.com/3.0/"));
			assertThat(properties.concurrency()).isEqualTo(10);
			assertThat(properties.claimTtl()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.toString()).doesNotContain(HEX);
		});
	}

	@Test
	void aKeyWithoutADataCentreStopsStartUpWithoutShowingTheKey() {
		context.withPropertyValues("pipewright.mailchimp.api-key=" + HEX).run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause()
				.hasMessageContaining("pipewright.mailchimp.api-key")
				.hasMessageNotContaining(HEX);
		});
	}

	@Test
	void aKeyWithoutADataCentreIsFineWithABaseUrl() {
		context
			.withPropertyValues("pipewright.mailchimp.api-key=" + HEX,
					"pipewright.mailchimp.base-url=http://localhost:8089/3.0")
			.run(started -> assertThat(started.getBean(MailChimpProperties.class).baseUrl())
				.isEqualTo(URI.create("http://localhost:8089/3.0/")));
	}

	@Test
	void withoutAKeyTheSyncIsOff() {
		context.withPropertyValues("pipewright.mailchimp.api-key=")
			.run(started -> assertThat(started.getBean(MailChimpProperties.class).enabled()).isFalse());
	}

	@Test
	void moreThanTenConnectionsStopStartUp() {
		context.withPropertyValues("pipewright.mailchimp.concurrency=11").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("concurrency");
		});
	}

	@Test
	void batchesDefaultToMailChimpsLimit() {
		context.run(started -> {
			MailChimpProperties properties = started.getBean(MailChimpProperties.class);
			assertThat(properties.batchSize()).isEqualTo(500);
			assertThat(properties.batchThreshold()).isEqualTo(20);
		});
	}

	@Test
	void aBatchOfMoreThan500MembersStopsStartUp() {
		context.withPropertyValues("pipewright.mailchimp.batch-size=501").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("batchSize");
		});
	}

	@Test
	void aBatchThresholdBelowOneStopsStartUp() {
		context.withPropertyValues("pipewright.mailchimp.batch-threshold=0").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("batchThreshold");
		});
	}

	@Test
	void aClaimMustOutlastTheSlowestChange() {
		context.withPropertyValues("pipewright.mailchimp.read-timeout=40s").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("pipewright.mailchimp.claim-ttl");
		});
	}

}
