package io.pipewright.lead;

/**
 * The lead's pipeline has run to its end, so there is nothing left for a fact to move.
 */
public class PipelineEnded extends RuntimeException {

	public PipelineEnded(Lead lead) {
		super("The pipeline of lead '" + lead.id() + "' has ended; there is no stage left for facts to move");
	}

}
