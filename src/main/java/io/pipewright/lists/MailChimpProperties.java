package io.pipewright.lists;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the list sync worker reaches MailChimp's Marketing API.
 *
 * @param apiKey from {@code PIPEWRIGHT_MAILCHIMP_API_KEY}; empty turns the sync off (the
 * changes wait, pending)
 * @param baseUrl the API root; by default derived from the key's data centre
 * ({@code ...-us6}: {@code https://us6.api.mailchimp.com/3.0/})
 * @param concurrency requests in flight at once from one node; MailChimp allows ten
 * connections per key
 * @param maxAttempts attempts of a change that meets throttling, server errors or a
 * broken connection before it is marked failed
 * @param backoffBase the first retry waits up to this long; each further one up to twice
 * as long as the one before
 * @param backoffMax no retry waits longer than this
 * @param claimTtl how long a node holds a change it works on; after that another node may
 * take it over
 * @param pollInterval how often the worker looks for changes when nothing woke it
 * @param batchThreshold claimable changes for one audience, found in one poll, from which
 * the worker sends that audience's changes through MailChimp's batch subscribe call
 * instead of one call per member
 * @param batchSize members per batch call; MailChimp takes at most 500
 */
@ConfigurationProperties("pipewright.mailchimp")
@Validated
record MailChimpProperties(String apiKey, URI baseUrl, @Min(1) @Max(10) Integer concurrency, Duration connectTimeout,
		Duration readTimeout, @Min(1) Integer maxAttempts, Duration backoffBase, Duration backoffMax, Duration claimTtl,
		Duration pollInterval, @Min(1) Integer batchThreshold, @Min(1) @Max(500) Integer batchSize) {

	private static final Pattern DATA_CENTRE = Pattern.compile("-([a-z]+[0-9]+)$");

	MailChimpProperties {
		apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
		concurrency = concurrency == null ? 10 : concurrency;
		connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
		readTimeout = positive(readTimeout, Duration.ofSeconds(15), "read-timeout");
		maxAttempts = maxAttempts == null ? 8 : maxAttempts;
		backoffBase = positive(backoffBase, Duration.ofSeconds(2), "backoff-base");
		backoffMax = positive(backoffMax, Duration.ofMinutes(10), "backoff-max");
		claimTtl = positive(claimTtl, Duration.ofSeconds(60), "claim-ttl");
		pollInterval = positive(pollInterval, Duration.ofSeconds(5), "poll-interval");
		batchThreshold = batchThreshold == null ? 20 : batchThreshold;
		batchSize = batchSize == null ? 500 : batchSize;
		if (apiKey != null && baseUrl == null) {
			Matcher dataCentre = DATA_CENTRE.matcher(apiKey);
			if (!dataCentre.find()) {
				// the message must not quote the key: start-up failures end up in logs
				throw new IllegalArgumentException("pipewright.mailchimp.api-key does not end in a data centre"
						+ " such as '-us6'; copy the whole key from MailChimp, or set pipewright.mailchimp.base-url");
			}
			baseUrl = URI.create("https://" + dataCentre.group(1) + ".api.mailchimp.com/3.0/");
		}
		if (baseUrl != null && !baseUrl.toString().endsWith("/")) {
			// Retrofit resolves relative paths against the base, which must end in a
			// slash
			baseUrl = URI.create(baseUrl + "/");
		}
		// a change sends at most two requests (a batch, one); a node must finish it
		// before its claim
		// runs out, or another node could send it at the same time
		Duration longestChange = connectTimeout.plus(readTimeout).multipliedBy(2);
		if (claimTtl.compareTo(longestChange) <= 0) {
			throw new IllegalArgumentException("pipewright.mailchimp.claim-ttl (" + claimTtl
					+ ") must be longer than twice connect-timeout plus read-timeout (" + longestChange + ")");
		}
	}

	/** False without a key: the worker does not send, and changes stay pending. */
	boolean enabled() {
		return apiKey != null;
	}

	private static Duration positive(Duration value, Duration otherwise, String name) {
		if (value == null) {
			return otherwise;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("pipewright.mailchimp." + name + " must be positive, not " + value);
		}
		return value;
	}

	@Override
	public String toString() {
		// never the key itself, so this record can be logged
		return "MailChimpProperties[apiKey=" + (apiKey == null ? "(none)" : "(set)") + ", baseUrl=" + baseUrl
				+ ", concurrency=" + concurrency + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
				+ ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase + ", backoffMax=" + backoffMax
				+ ", claimTtl=" + claimTtl + ", pollInterval=" + pollInterval + ", batchThreshold=" + batchThreshold
				+ ", batchSize=" + batchSize + "]";
	}

}
