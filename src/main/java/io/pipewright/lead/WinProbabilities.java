package io.pipewright.lead;

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
	Optional<WinProbability> of(String leadId);

}
