package io.pipewright.lists;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Actuator's view of the list sync: {@code pipewright.lists.changes} (changes by
 * {@code state}) and {@code pipewright.lists.sync.latency} (from the pipeline's request
 * to MailChimp's acceptance, recorded by {@link ListSync}). The gauges share one grouped
 * count, read at most every few seconds however often they are scraped.
 */
@Component
class ListMetrics {

	static final String CHANGES = "pipewright.lists.changes";

	static final String LATENCY = "pipewright.lists.sync.latency";

	private static final Duration FRESH_FOR = Duration.ofSeconds(5);

	private static final List<String> STATES = List.of(ListMemberships.PENDING, ListMemberships.SYNCED,
			ListMemberships.FAILED, ListMemberships.SUPERSEDED);

	private final JdbcClient jdbc;

	private final Clock clock;

	private Map<String, Long> counts = Map.of();

	private Instant countedAt = Instant.MIN;

	ListMetrics(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = Clock.systemUTC();
		for (String state : STATES) {
			Gauge.builder(CHANGES, this, metrics -> metrics.count(state))
				.description("List changes recorded by pipelines, by state")
				.tag("state", state)
				.register(meters);
		}
	}

	static Timer latency(MeterRegistry meters) {
		return Timer.builder(LATENCY)
			.description("From a pipeline asking for a list change to MailChimp accepting it")
			.register(meters);
	}

	double count(String state) {
		return counts().getOrDefault(state, 0L);
	}

	private synchronized Map<String, Long> counts() {
		Instant now = clock.instant();
		if (countedAt.plus(FRESH_FOR).isBefore(now)) {
			Map<String, Long> fresh = new HashMap<>();
			jdbc.sql("select state, count(*) as n from pw_list_change group by state").query(rs -> {
				fresh.put(rs.getString("state"), rs.getLong("n"));
			});
			counts = fresh;
			countedAt = now;
		}
		return counts;
	}

}
