package io.pipewright.pipeline;

/** No pipeline with that key is deployed. */
public class UnknownPipeline extends RuntimeException {

	private final String key;

	public UnknownPipeline(String key) {
		super("No pipeline with key '" + key + "' is deployed");
		this.key = key;
	}

	public String key() {
		return key;
	}

}
