package io.pipewright.lead;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How likely an open lead is to be won, learned from the pipeline's closed leads. Insight
 * implements it; the lead feature only asks, so it never depends on insight.
 */
public interface WinProbabilities {

	/**
	 * The open lead's win probability; empty when the lead is closed, or its pipeline has
	 * no closed leads to learn from.
	 */
	default Optional<WinProbability> of(String leadId) {
		return Optional.ofNullable(of(List.of(leadId)).get(leadId));
	}

	/**
	 * The win probability of each open lead among these, by lead id, in a few reads
	 * whatever their number; a closed or unknown lead, or one whose pipeline has no
	 * closed leads, is missing.
	 */
	default Map<String, WinProbability> of(Collection<String> leadIds) {
		return of(leadIds, Locale.ENGLISH);
	}

	/** As {@link #of(Collection)}, with each basis in the reader's language. */
	Map<String, WinProbability> of(Collection<String> leadIds, Locale locale);

}
